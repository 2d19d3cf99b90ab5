/**
 * The interface that generated {@code X_Teleport} classes are compiled against, and nothing else;
 * applications do not call it.
 *
 * <p>{@link dev.dx.teleport.runtime.TeleportRuntime} carries the contract's version, which every
 * generated class checks when it loads, and the header offsets generated code uses by name.
 * Beyond it, generated code uses only public API of {@code dev.dx.teleport}: it reads through
 * {@link dev.dx.teleport.TeleportMessageFlyweight}'s checked reads, writes with
 * {@link dev.dx.teleport.TeleportWriter}, and names {@link dev.dx.teleport.TeleportLayout},
 * {@link dev.dx.teleport.TeleportMessage} and {@link dev.dx.teleport.TeleportType}. A change to any
 * of those that generated code would notice raises
 * {@link dev.dx.teleport.runtime.TeleportRuntime#VERSION}.
 *
 * <p>This package depends on nothing else in Teleport, so {@code dev.dx.teleport} can use its
 * constants without a package cycle.
 */
package dev.dx.teleport.runtime;
