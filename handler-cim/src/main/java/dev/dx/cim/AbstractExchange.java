package dev.dx.cim;

import static dev.dx.common.Checks.checkNotNull;

import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@link Exchange} shares: the attribute slots and the chain bookkeeping that runs the
 * after-hooks once, when the exchange is answered and before the answer is sent.
 *
 * <p>A subclass decides the answer once (it owns the "answered exactly once" race), then calls
 * {@link #runAfterHooks()} and sends what they leave: if it returns {@code true}, an after-hook threw
 * and the answer to send is HANDLER_FAILED instead.
 *
 * <p>Threads: the before-hooks, {@link #passed} and {@link #startChain} run on the thread that received
 * the request; the after-hooks on the thread that answers. A handler that answers from another thread
 * hands the exchange over through an executor or future, which orders the two.
 */
public abstract class AbstractExchange implements Exchange {

    /** Where hook failures are logged; their messages are never sent to the peer. */
    protected static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private static final Object[] NO_ATTRIBUTES = new Object[0];

    private Object[] attributes = NO_ATTRIBUTES;
    private CimChain<Exchange> chain;
    private int passed;
    private boolean inAfterHooks;
    private boolean afterHookFailed;

    @Override
    @SuppressWarnings("unchecked")
    public final <T> T get(ExchangeKey<T> key) {
        int i = key.index();
        Object[] a = attributes;
        return i < a.length ? (T) a[i] : null;
    }

    @Override
    public final <T> void set(ExchangeKey<T> key, T value) {
        int i = key.index();
        Object[] a = attributes;
        if (i >= a.length) {
            if (value == null) {
                return;
            }
            attributes = a = Arrays.copyOf(a, Math.max(i + 1, 8));
        }
        a[i] = value == null ? null : key.type().cast(value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final void startChain(CimChain<?> chain) {
        checkNotNull(chain, "chain");
        if (this.chain != null) {
            throw new IllegalStateException("a chain is already running on " + this);
        }
        this.chain = (CimChain<Exchange>) chain;
        this.passed = 0;
    }

    @Override
    public final void passed(int count) {
        this.passed = count;
    }

    /** The number of middlewares whose before-hook continued. */
    protected final int passedCount() {
        return passed;
    }

    @Override
    public final void hookFailed(Throwable cause) {
        if (inAfterHooks) {
            LOG.warn("an after-hook failed on {}; answering HANDLER_FAILED", this, cause);
            afterHookFailed = true;
        } else if (isAnswered()) {
            LOG.warn("a hook failed on {} after it was answered", this, cause);
        } else {
            LOG.warn("a hook or handler failed on {}; answering HANDLER_FAILED", this, cause);
            reject(Rejection.HANDLER_FAILED, "handler failed");
        }
    }

    /**
     * Runs the chain's after-hooks, once, for the middlewares that continued. Call it after deciding the
     * answer and before sending it. Returns whether one of them threw (the answer should then be
     * HANDLER_FAILED).
     */
    protected final boolean runAfterHooks() {
        CimChain<Exchange> c = chain;
        if (c == null) {
            return false;
        }
        chain = null;
        inAfterHooks = true;
        try {
            c.after(this, passed);
        } catch (Throwable t) {
            // generated chains catch per hook; this guards hand-written ones
            LOG.warn("after-hooks failed on {}", this, t);
            afterHookFailed = true;
        } finally {
            inAfterHooks = false;
        }
        return afterHookFailed;
    }
}
