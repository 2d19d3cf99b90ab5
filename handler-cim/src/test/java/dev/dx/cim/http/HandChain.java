package dev.dx.cim.http;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;
import dev.dx.cim.Middleware;

/**
 * A chain of two middlewares written by hand in the shape the processor generates: straight-line
 * before-hooks with {@code passed(k)} after each, the handler, and a fall-through switch of after-hooks.
 * A hook that throws answers through {@code hookFailed}; a before that stops without answering is a bug
 * the chain answers for.
 */
public final class HandChain<X extends Exchange> implements CimChain<X> {

    private final Middleware<? super X> m0;
    private final Middleware<? super X> m1;

    /** A chain of {@code m0} then {@code m1}. */
    public HandChain(Middleware<? super X> m0, Middleware<? super X> m1) {
        this.m0 = m0;
        this.m1 = m1;
    }

    /** A chain of {@code m0} followed by a middleware that does nothing. */
    public static <X extends Exchange> HandChain<X> of(Middleware<? super X> m0) {
        return new HandChain<>(m0, x -> Middleware.CONTINUE);
    }

    @Override
    public void handle(X x, CimHandler<? super X> handler) {
        x.startChain(this);
        try {
            if (!m0.before(x)) {
                stopped(x);
                return;
            }
        } catch (Throwable t) {
            x.hookFailed(t);
            return;
        }
        x.passed(1);
        try {
            if (!m1.before(x)) {
                stopped(x);
                return;
            }
        } catch (Throwable t) {
            x.hookFailed(t);
            return;
        }
        x.passed(2);
        try {
            handler.handle(x);
        } catch (Throwable t) {
            x.hookFailed(t);
        }
    }

    private static void stopped(Exchange x) {
        if (!x.isAnswered()) {
            x.hookFailed(new IllegalStateException("a middleware stopped without answering"));
        }
    }

    @Override
    public void after(X x, int passed) {
        switch (passed) {
            case 2:
                try {
                    m1.after(x);
                } catch (Throwable t) {
                    x.hookFailed(t);
                }
                // fall through
            case 1:
                try {
                    m0.after(x);
                } catch (Throwable t) {
                    x.hookFailed(t);
                }
                // fall through
            default:
                break;
        }
    }

    @Override
    public int size() {
        return 2;
    }
}
