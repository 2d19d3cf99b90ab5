/**
 * Runnable demos on {@link dev.dx.reactor.DxReactor}. {@link dev.dx.example.EchoDemo} is the one the
 * project README starts; the dx-www dev server will live here too.
 */
package dev.dx.example;
