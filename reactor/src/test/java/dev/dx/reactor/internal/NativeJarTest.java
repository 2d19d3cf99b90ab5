package dev.dx.reactor.internal;

import dev.dx.reactor.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class NativeJarTest {

    private static final ClassLoader CLASS_PATH = NativeJarTest.class.getClassLoader();
    /** Sees nothing: no parent, no URLs. */
    private static final ClassLoader EMPTY = new URLClassLoader(new URL[0], null);

    @ParameterizedTest
    @CsvSource({
            "IO_URING, Linux,    amd64,   netty-transport-native-io_uring, linux-x86_64",
            "IO_URING, Linux,    aarch64, netty-transport-native-io_uring, linux-aarch_64",
            "EPOLL,    Linux,    x86_64,  netty-transport-native-epoll,    linux-x86_64",
            "EPOLL,    Linux,    aarch64, netty-transport-native-epoll,    linux-aarch_64",
            "KQUEUE,   Mac OS X, x86_64,  netty-transport-native-kqueue,   osx-x86_64",
            "KQUEUE,   Mac OS X, aarch64, netty-transport-native-kqueue,   osx-aarch_64",
    })
    void dxReactorBringsTheNativeOfEverySupportedPlatform(Backend backend, String os, String arch,
                                                          String artifactId, String classifier) {
        NativeJar jar = NativeJar.of(backend, os, arch);
        assertThat(jar.artifactId()).isEqualTo(artifactId);
        assertThat(jar.classifier()).isEqualTo(classifier);
        // the test class path is dx-reactor's runtime class path: the jar must be on it
        assertThat(jar.isOnClassPath(CLASS_PATH)).as("%s on the class path", jar).isTrue();
        assertThat(jar.isOnClassPath(EMPTY)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "amd64, x86_64", "x86_64, x86_64", "x86-64, x86_64", "X64, x86_64",
            "aarch64, aarch_64", "arm64, aarch_64", "ppc64le, ppcle_64", "s390x, s390_64",
            "riscv64, riscv64", "loongarch64, loongarch_64",
    })
    void architecturesAreSpelledAsNettyClassifiersSpellThem(String osArch, String expected) {
        assertThat(NativeJar.normalizedArch(osArch)).isEqualTo(expected);
    }

    @Test
    void backendsWithoutANettyNativeJarOnThatOsHaveNone() {
        assertThat(NativeJar.of(Backend.IO_URING, "Mac OS X", "aarch64")).isNull();
        assertThat(NativeJar.of(Backend.EPOLL, "Windows 11", "amd64")).isNull();
        assertThat(NativeJar.of(Backend.KQUEUE, "Linux", "amd64")).isNull();
        assertThat(NativeJar.of(Backend.KQUEUE, "FreeBSD", "amd64")).isNull();
        assertThat(NativeJar.of(Backend.NIO, "Linux", "amd64")).isNull();
        assertThat(NativeJar.of(Backend.IOCP, "Windows 11", "amd64")).isNull();
        assertThat(NativeJar.of(Backend.KQUEUE, "Darwin", "arm64").classifier()).isEqualTo("osx-aarch_64");
    }

    @Test
    void aMissingJarIsNamedWithItsClassifier() {
        Throwable netty = new UnsatisfiedLinkError("could not load a native library");
        Throwable cause = BackendSupport.explainMissingJar(Backend.IO_URING, netty, "Linux", "aarch64", EMPTY);
        assertThat(cause)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("netty-transport-native-io_uring with classifier linux-aarch_64 is not on the class path")
                .hasCause(netty);
        assertThat(BackendSupport.explainMissingJar(Backend.KQUEUE, netty, "Mac OS X", "aarch64", EMPTY))
                .hasMessage("netty-transport-native-kqueue with classifier osx-aarch_64 is not on the class path");
        assertThat(BackendSupport.explainMissingJar(Backend.EPOLL, netty, "Linux", "riscv64", EMPTY))
                .hasMessage("netty-transport-native-epoll with classifier linux-riscv64 is not on the class path");
    }

    @Test
    void otherCausesAreLeftAsNettyGaveThem() {
        Throwable netty = new UnsupportedOperationException("kernel too old");
        // the jar is there: the cause is something else (kernel, seccomp, ...)
        assertThat(BackendSupport.explainMissingJar(Backend.IO_URING, netty, "Linux", "aarch64", CLASS_PATH))
                .isSameAs(netty);
        // not this OS's backend: Netty's "only supported on ..." is the better reason
        assertThat(BackendSupport.explainMissingJar(Backend.EPOLL, netty, "Mac OS X", "aarch64", EMPTY))
                .isSameAs(netty);
        assertThat(BackendSupport.explainMissingJar(Backend.NIO, netty, "Linux", "amd64", EMPTY))
                .isSameAs(netty);
    }
}
