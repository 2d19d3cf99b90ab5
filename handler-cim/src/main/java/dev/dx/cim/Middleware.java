package dev.dx.cim;

/**
 * One cross-cutting step of a request: authentication, rate limiting, CORS, timing. Declare a chain of
 * them with {@link MiddlewareChain}; the processor turns the chain into one final class of straight-line
 * calls ({@code Name_Cim}), so the JIT can inline every hook.
 *
 * <h2>Order</h2>
 * <ul>
 *   <li>{@link #before} hooks run in declared order, on the thread that received the request.</li>
 *   <li>{@link #after} hooks run in <b>reverse</b> order, once the exchange is answered and before the
 *       answer is sent, for every middleware whose {@code before} continued. They run on the thread that
 *       answered, which for an asynchronous handler may be another thread: keep per-core state in an
 *       {@linkplain Exchange#set exchange attribute} rather than looking it up again.</li>
 *   <li>When middleware <i>k</i> short-circuits (its {@code before} answers the exchange, for example with
 *       {@link Exchange#reject}, and returns {@link #STOP}), the afters of <i>k</i>−1..0 run, and nothing
 *       after <i>k</i> runs: not the later middlewares, not the handler, not <i>k</i>'s own after.</li>
 *   <li>An exception in a hook (or in the handler) becomes {@link Rejection#HANDLER_FAILED}: HTTP 500, or
 *       RpcError HANDLER_FAILED over HBTP, unless the exchange was already answered. The remaining afters
 *       still run. The exception is logged, never sent.</li>
 * </ul>
 * A {@code before} that returns {@link #STOP} without answering is a bug in that middleware; the chain
 * answers {@link Rejection#HANDLER_FAILED} for it.
 *
 * <h2>Writing one</h2>
 * Make the class {@code final} (the generated chain calls it without dispatch) and give it an accessible
 * constructor. A constructor with no parameters lets the generated chain create it; otherwise the chain
 * takes it as a constructor argument. Type the exchange as narrowly as the middleware needs:
 * {@code Middleware<Exchange>} works over HTTP and HBTP, {@code Middleware<HttpExchange>} only in HTTP
 * chains.
 *
 * @param <X> the exchange type this middleware works on
 */
public interface Middleware<X extends Exchange> {

    /** {@link #before}'s answer to go on with the chain. */
    boolean CONTINUE = true;

    /** {@link #before}'s answer after it has answered the exchange itself. */
    boolean STOP = false;

    /**
     * Runs before the handler. Returns {@link #CONTINUE}, or answers the exchange and returns
     * {@link #STOP}.
     */
    boolean before(X exchange) throws Exception;

    /**
     * Runs after the exchange is answered and before the answer is sent, if {@link #before} continued.
     * It may add {@linkplain Exchange#answerHeader answer headers}. The default does nothing.
     */
    default void after(X exchange) throws Exception {
    }
}
