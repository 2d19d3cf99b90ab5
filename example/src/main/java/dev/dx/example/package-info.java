/**
 * Runnable demos on {@link dev.dx.reactor.DxReactor}. {@link dev.dx.example.EchoDemo} is the one the
 * project README starts; {@link dev.dx.example.UserService} is its "HBTP and Teleport together"
 * example: an HBTP route that answers a {@code @Teleport} {@link dev.dx.example.User}, read by the client
 * through the generated view. The dx-www dev server will live here too.
 */
package dev.dx.example;
