package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.HbtpAnswerHook;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link HbtpAnswerHook}s of one exchange: registered from any thread before the answer, taken and
 * run once by whoever decides it. Shared by the router's exchanges and the upload receiver's.
 */
public final class AnswerHooks {

    private List<HbtpAnswerHook> hooks;
    private boolean taken;

    /**
     * Adds {@code hook}; returns {@code false} if the hooks were already taken (the answer is decided),
     * in which case the caller runs the hook itself or drops it.
     */
    public synchronized boolean add(HbtpAnswerHook hook) {
        if (taken) {
            return false;
        }
        if (hooks == null) {
            hooks = new ArrayList<>(2);
        }
        hooks.add(hook);
        return true;
    }

    /** Takes the hooks, once; {@code null} when there are none or they were taken. */
    public synchronized List<HbtpAnswerHook> take() {
        taken = true;
        List<HbtpAnswerHook> h = hooks;
        hooks = null;
        return h;
    }

    /**
     * Runs {@code hooks} newest first and returns {@code metadata} with what they add. Every hook runs
     * even when one throws; the first failure is rethrown at the end.
     */
    public static HbtpMetadata run(List<HbtpAnswerHook> hooks, HbtpExchange exchange, int outcome,
            HbtpMetadata metadata) throws HookFailure {
        HbtpMetadata result = metadata;
        Throwable failure = null;
        for (int i = hooks.size() - 1; i >= 0; i--) {
            try {
                HbtpMetadata added = hooks.get(i).beforeAnswer(exchange, outcome);
                if (added != null && !added.isEmpty()) {
                    result = result.with(added);
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        if (failure != null) {
            throw new HookFailure(failure, result);
        }
        return result;
    }

    /** A hook threw; carries the metadata the other hooks added. */
    public static final class HookFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient HbtpMetadata metadata;

        HookFailure(Throwable cause, HbtpMetadata metadata) {
            super("an answer hook failed", cause);
            this.metadata = metadata;
        }

        /** The metadata of the answer, with what the hooks that ran added. */
        public HbtpMetadata metadata() {
            return metadata;
        }
    }
}
