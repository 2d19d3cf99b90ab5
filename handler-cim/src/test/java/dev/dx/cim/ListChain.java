package dev.dx.cim;

import java.util.List;

/**
 * A chain that loops over a list of middlewares: the same semantics as a generated {@code Name_Cim}
 * (befores in order, afters in reverse for those that continued), for tests of the exchanges and
 * built-ins without the annotation processor.
 */
public final class ListChain<X extends Exchange> implements CimChain<X> {

    private final List<Middleware<? super X>> middlewares;

    @SafeVarargs
    public ListChain(Middleware<? super X>... middlewares) {
        this.middlewares = List.of(middlewares);
    }

    @Override
    public void handle(X exchange, CimHandler<? super X> handler) {
        exchange.startChain(this);
        try {
            for (int i = 0; i < middlewares.size(); i++) {
                Middleware<? super X> m = middlewares.get(i);
                if (!m.before(exchange) || exchange.isAnswered()) {
                    if (!exchange.isAnswered()) {
                        exchange.hookFailed(new IllegalStateException(m.getClass().getSimpleName()
                                + ".before stopped without answering"));
                    }
                    return;
                }
                exchange.passed(i + 1);
            }
            handler.handle(exchange);
        } catch (Throwable t) {
            exchange.hookFailed(t);
        }
    }

    @Override
    public void after(X exchange, int passed) {
        for (int i = passed - 1; i >= 0; i--) {
            try {
                middlewares.get(i).after(exchange);
            } catch (Throwable t) {
                exchange.hookFailed(t);
            }
        }
    }

    @Override
    public int size() {
        return middlewares.size();
    }
}
