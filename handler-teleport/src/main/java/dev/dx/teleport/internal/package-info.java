/**
 * Implementation details of Teleport; not API. {@link dev.dx.teleport.internal.Memory} holds every
 * byte access of the read path. This package depends on no other Teleport package, so the API
 * ({@code dev.dx.teleport}) and the runtime interface ({@code dev.dx.teleport.runtime}) depend on it
 * one way only.
 */
package dev.dx.teleport.internal;
