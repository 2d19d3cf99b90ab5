/**
 * Thread-per-core Netty event loops on the best native transport of each OS.
 *
 * <p>{@link dev.dx.reactor.DxReactor} owns one {@code MultiThreadIoEventLoopGroup} whose loops are the
 * cores. {@link dev.dx.reactor.Backend} picks io_uring, epoll, kqueue, IOCP or NIO; each backend's
 * {@code IoHandler} is wrapped so that the loop's thread knows its {@link dev.dx.reactor.CoreState},
 * is pinned to its CPU ({@code net.openhft:affinity}, worker {@code i} on the {@code i mod n}-th CPU the
 * process may use) and runs core-local tasks. On io_uring and epoll {@code bind} opens one SO_REUSEPORT
 * listener per core: the kernel spreads connections, and a connection never leaves the core that
 * accepted it, so per-core state ({@link dev.dx.reactor.CoreLocal}) needs no locks.
 *
 * <h2>Work stealing</h2>
 *
 * <p>Each core has a local multi-producer multi-consumer queue (JCTools
 * {@code MpmcUnboundedXaddArrayQueue}), separate from Netty's own task queue.
 * {@link dev.dx.reactor.DxReactor#submit(Runnable)} puts a task on the calling core's queue, or on the
 * next core round-robin when called from outside. Every turn of a core's event loop, before it polls
 * I/O, the wrapped {@code IoHandler} runs up to 64 local tasks; if it had none, it steals up to half of
 * the longest other queue (at most 64 tasks, only from a queue of two or more) and runs them. If it
 * found work, I/O is polled without blocking and the loop comes back for more.
 *
 * <p>Before a core blocks in {@code io_uring_enter}/{@code epoll_wait}/{@code select}, it marks itself
 * idle and checks every queue again; a submitter offers first and then reads the idle marks, waking
 * the target core if it is idle and, when the target's queue holds two or more tasks, one idle peer
 * to steal. Because each side writes before it reads, a task is never stranded while all cores sleep.
 * Tasks submitted this way may run on any core; use {@code CoreState.eventLoop().execute} for work that
 * must stay on one core (for example anything touching a channel or a {@code CoreLocal}).
 */
package dev.dx.reactor;
