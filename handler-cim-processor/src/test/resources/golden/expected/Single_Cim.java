package test;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;
import javax.annotation.processing.Generated;

/**
 * The middleware chain {@link Single}, called in straight lines:
 * {@link Timing}.
 */
@Generated("dev.dx.cim.processor.CimProcessor")
public final class Single_Cim implements Single, CimChain<Exchange> {
    private final Timing timing0;

    /**
     * A chain that creates its middlewares.
     */
    public Single_Cim() {
        this.timing0 = new Timing();
    }

    @Override
    public void handle(Exchange exchange, CimHandler<? super Exchange> handler) {
        exchange.startChain(this);
        try {
            if (!timing0.before(exchange) || exchange.isAnswered()) {
                stopped(exchange, "Timing.before stopped without answering");
                return;
            }
            exchange.passed(1);
            handler.handle(exchange);
        } catch (Throwable t) {
            exchange.hookFailed(t);
        }
    }

    @Override
    public void after(Exchange exchange, int passed) {
        switch (passed) {
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
        return 1;
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
