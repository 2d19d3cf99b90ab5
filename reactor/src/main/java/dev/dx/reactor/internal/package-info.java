/**
 * Implementation of {@code dev.dx.reactor}; not API, may change without notice.
 *
 * <p>{@link dev.dx.reactor.internal.CoreIoHandler} wraps each backend's {@code IoHandler} to bind a
 * thread to its {@link dev.dx.reactor.internal.Core}, pin it, run local and stolen tasks and decide when
 * the loop may block; {@link dev.dx.reactor.internal.Scheduler} holds the work-stealing protocol.
 */
package dev.dx.reactor.internal;
