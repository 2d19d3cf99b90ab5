/**
 * Test support for every dx module: a Netty buffer leak fails the build.
 *
 * <p>Add {@code dx-testing} with test scope; the root pom's Surefire configuration turns on
 * paranoid leak detection, installs {@link dev.dx.testing.FailingResourceLeakDetector} and enables
 * JUnit's auto-detection of {@link dev.dx.testing.LeakCheckExtension}.
 */
package dev.dx.testing;
