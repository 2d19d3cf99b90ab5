package test;

import dev.dx.cim.CimHandler;
import javax.annotation.processing.Generated;

/**
 * The middleware chain {@link Typed}, called in straight lines:
 * {@link Tag}, {@link Timing}.
 */
@Generated("dev.dx.cim.processor.CimProcessor")
public final class Typed_Cim implements Typed {
    private final Tag tag0;

    private final Timing timing1;

    /**
     * A chain that creates its middlewares.
     */
    public Typed_Cim() {
        this.tag0 = new Tag();
        this.timing1 = new Timing();
    }

    @Override
    public void handle(HttpExchange exchange, CimHandler<? super HttpExchange> handler) {
        exchange.startChain(this);
        try {
            if (!tag0.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Tag.before stopped without answering");
                return;
            }
            exchange.passed(1);
            if (!timing1.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Timing.before stopped without answering");
                return;
            }
            exchange.passed(2);
            handler.handle(exchange);
        } catch (Throwable t) {
            exchange.hookFailed(t);
        }
    }

    @Override
    @SuppressWarnings("fallthrough")
    public void after(HttpExchange exchange, int passed) {
        switch (passed) {
            case 2:
                try {
                    timing1.after(exchange);
                } catch (Throwable t) {
                    exchange.hookFailed(t);
                }
                // fall through
            case 1:
                try {
                    tag0.after(exchange);
                } catch (Throwable t) {
                    exchange.hookFailed(t);
                }
        }
    }

    @Override
    public int size() {
        return 2;
    }

    /**
     * A before-hook stopped the chain: if it did not answer, that is its bug.
     */
    private static void stopped(HttpExchange exchange, String problem) {
        if (!exchange.isAnswered()) {
            exchange.hookFailed(new IllegalStateException(problem));
        }
    }
}
