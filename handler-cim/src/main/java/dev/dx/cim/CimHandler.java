package dev.dx.cim;

/**
 * The application's handler at the end of a chain. It answers the exchange exactly once, now or later
 * and from any thread; the chain's after-hooks run when it does. An exception it throws before answering
 * answers {@link Rejection#HANDLER_FAILED}.
 *
 * @param <X> the exchange type
 */
@FunctionalInterface
public interface CimHandler<X extends Exchange> {

    /** Handles one request. */
    void handle(X exchange) throws Exception;
}
