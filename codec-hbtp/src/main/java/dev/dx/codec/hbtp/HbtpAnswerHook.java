package dev.dx.codec.hbtp;

/**
 * Runs once when an exchange's outcome is decided and before its answer is built, on the thread that
 * decided it: for after-hooks that must still shape the answer (a middleware chain's timing metadata,
 * for example). Register with {@link HbtpExchange#onAnswer}; hooks run newest first, like nested
 * {@code finally} blocks, so the interceptor that registered first (the outermost) runs last.
 *
 * <p>A hook runs for every outcome: a response, an RpcError from the handler, and the router's own
 * endings (TIMEOUT, CANCELLED, a drain's SHUTTING_DOWN, a closed connection, where nothing is sent).
 * A hook that throws turns a response into RpcError {@code HANDLER_FAILED} (the response body is
 * released); an error answer keeps its code. The exception is logged, never sent.
 */
@FunctionalInterface
public interface HbtpAnswerHook {

    /**
     * Called with the {@code exchange} (already {@linkplain HbtpExchange#isDone() done}) and its
     * {@code outcome}: 0 for a response, otherwise the RpcError code. Returns metadata to add to the
     * answer (§11.1), or {@link HbtpMetadata#EMPTY}.
     */
    HbtpMetadata beforeAnswer(HbtpExchange exchange, int outcome) throws Exception;
}
