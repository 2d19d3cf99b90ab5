package test;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;
import dev.dx.cim.builtin.CorsMiddleware;
import dev.dx.cim.builtin.CorsPolicy;
import javax.annotation.processing.Generated;

/**
 * The middleware chain {@link Cors}, called in straight lines:
 * {@link CorsMiddleware}, {@link Timing}.
 */
@Generated("dev.dx.cim.processor.CimProcessor")
public final class Cors_Cim implements Cors, CimChain<Exchange> {
    private final CorsMiddleware corsMiddleware0;

    private final Timing timing1;

    /**
     * A chain that creates its middlewares.
     */
    public Cors_Cim() {
        this.corsMiddleware0 = new CorsMiddleware(corsPolicy());
        this.timing1 = new Timing();
    }

    /**
     * The CORS policy of the chain's {@code @CorsOrigins}.
     */
    private static CorsPolicy corsPolicy() {
        return CorsPolicy.builder(Cors_Cim::allowedOrigin)
                        .methods("GET", "POST")
                        .headers("authorization", "content-type")
                        .maxAgeSeconds(3600)
                        .credentials(true)
                        .build();
    }

    /**
     * Whether {@code origin} is one of the chain's {@code @CorsOrigins}.
     */
    private static boolean allowedOrigin(String origin) {
        switch (origin) {
            case "https://app.example.com":
            case "https://admin.example.com":
                return true;
            default:
                return false;
        }
    }

    @Override
    public void handle(Exchange exchange, CimHandler<? super Exchange> handler) {
        exchange.startChain(this);
        try {
            if (!corsMiddleware0.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "CorsMiddleware.before stopped without answering");
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
    public void after(Exchange exchange, int passed) {
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
                    corsMiddleware0.after(exchange);
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
    private static void stopped(Exchange exchange, String problem) {
        if (!exchange.isAnswered()) {
            exchange.hookFailed(new IllegalStateException(problem));
        }
    }
}
