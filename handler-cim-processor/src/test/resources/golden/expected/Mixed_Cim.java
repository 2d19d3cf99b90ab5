package test;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * The middleware chain {@link Mixed}, called in straight lines:
 * {@link Timing}, {@link Auth}, {@link Tag}, {@link Limit}.
 */
@Generated("dev.dx.cim.processor.CimProcessor")
public final class Mixed_Cim implements Mixed, CimChain<HttpExchange> {
    private final Timing timing0;

    private final Auth auth1;

    private final Tag tag2;

    private final Limit limit3;

    /**
     * A chain over the given middlewares; it creates the others itself.
     *
     * @param auth1 the {@link Auth} at position 1 of the chain
     * @param limit3 the {@link Limit} at position 3 of the chain
     */
    public Mixed_Cim(Auth auth1, Limit limit3) {
        this.timing0 = new Timing();
        this.auth1 = Objects.requireNonNull(auth1, "auth1");
        this.tag2 = new Tag();
        this.limit3 = Objects.requireNonNull(limit3, "limit3");
    }

    @Override
    public void handle(HttpExchange exchange, CimHandler<? super HttpExchange> handler) {
        exchange.startChain(this);
        try {
            if (!timing0.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Timing.before stopped without answering");
                return;
            }
            exchange.passed(1);
            if (!auth1.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Auth.before stopped without answering");
                return;
            }
            exchange.passed(2);
            if (!tag2.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Tag.before stopped without answering");
                return;
            }
            exchange.passed(3);
            if (!limit3.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Limit.before stopped without answering");
                return;
            }
            exchange.passed(4);
            handler.handle(exchange);
        } catch (Throwable t) {
            exchange.hookFailed(t);
        }
    }

    @Override
    @SuppressWarnings("fallthrough")
    public void after(HttpExchange exchange, int passed) {
        switch (passed) {
            case 4:
                try {
                    limit3.after(exchange);
                } catch (Throwable t) {
                    exchange.hookFailed(t);
                }
                // fall through
            case 3:
                try {
                    tag2.after(exchange);
                } catch (Throwable t) {
                    exchange.hookFailed(t);
                }
                // fall through
            case 2:
                try {
                    auth1.after(exchange);
                } catch (Throwable t) {
                    exchange.hookFailed(t);
                }
                // fall through
            case 1:
                try {
                    timing0.after(exchange);
                } catch (Throwable t) {
                    exchange.hookFailed(t);
                }
        }
    }

    @Override
    public int size() {
        return 4;
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
