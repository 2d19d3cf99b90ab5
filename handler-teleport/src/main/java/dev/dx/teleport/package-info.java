/**
 * Teleport/1: values laid out as bytes a reader uses in place.
 *
 * <p>A record annotated {@link dev.dx.teleport.Teleport @Teleport} gets a generated sibling
 * {@code X_Teleport} (from {@code dx-handler-teleport-processor}) with its layout constants, a
 * flyweight {@code View} and {@code write}/{@code read} methods. This package holds what that code
 * runs on: {@link dev.dx.teleport.TeleportWriter} builds a message in a pooled buffer,
 * {@link dev.dx.teleport.TeleportMessageFlyweight} validates one in place and is what views read
 * through (re-wrapped per message, it allocates nothing), {@link dev.dx.teleport.TeleportMessage}
 * is a validated message that owns its buffer, and
 * {@link dev.dx.teleport.TeleportEncoder} / {@link dev.dx.teleport.TeleportDecoder} put them in a
 * Netty pipeline. The version and header constants generated code is compiled against are in
 * {@link dev.dx.teleport.runtime}. The format is described in {@code docs/teleport.md}.
 */
package dev.dx.teleport;
