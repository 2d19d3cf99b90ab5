package dev.dx.cim;

/**
 * A chain of middleware run around a handler. The annotation processor implements it for every
 * {@link MiddlewareChain} interface as {@code Name_Cim}: a final class whose {@link #handle} calls each
 * {@link Middleware#before} in straight lines and whose {@link #after} runs the after-hooks in reverse
 * through a fall-through {@code switch}, with no list, loop or interface dispatch.
 *
 * <p>A chain is stateless apart from its middlewares and is shared by every connection.
 *
 * @param <X> the exchange type: the narrowest type any of the chain's middlewares asks for
 */
public interface CimChain<X extends Exchange> {

    /**
     * Runs the chain's before-hooks on {@code exchange} and, if all continue, {@code handler}. Registers
     * this chain with the exchange first, so that whoever answers it runs {@link #after}.
     */
    void handle(X exchange, CimHandler<? super X> handler);

    /**
     * Runs the after-hooks of the first {@code passed} middlewares, last to first. Called once by the
     * exchange when it is answered; not for application code.
     */
    void after(X exchange, int passed);

    /** The number of middlewares in the chain. */
    int size();
}
