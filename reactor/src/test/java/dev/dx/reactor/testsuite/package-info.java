/** Netty's transport testsuite run against DxReactor's event loops. */
package dev.dx.reactor.testsuite;
