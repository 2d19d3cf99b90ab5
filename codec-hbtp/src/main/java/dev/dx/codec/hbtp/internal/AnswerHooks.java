package dev.dx.codec.hbtp.internal;

import dev.dx.codec.hbtp.HbtpAnswerHook;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpMetadata;
import java.util.List;

/**
 * Runs the {@link HbtpAnswerHook}s of one exchange once its outcome is decided: shared by the router's
 * exchanges and the upload receiver's, which each keep their own list.
 */
public final class AnswerHooks {

    private AnswerHooks() {
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
