package dev.dx.cim;

import java.util.List;

/** A middleware that records "before:name" and "after:name", and can stop or throw on demand. */
public final class Recording implements Middleware<Exchange> {

    /** What {@link #before} does. */
    public enum Mode { CONTINUE, REJECT, THROW, THROW_IN_AFTER }

    private final String name;
    private final List<String> log;
    private final Mode mode;

    public Recording(String name, List<String> log) {
        this(name, log, Mode.CONTINUE);
    }

    public Recording(String name, List<String> log, Mode mode) {
        this.name = name;
        this.log = log;
        this.mode = mode;
    }

    @Override
    public boolean before(Exchange exchange) {
        log.add("before:" + name);
        switch (mode) {
            case REJECT -> {
                exchange.answerHeader("x-rejected-by", name);
                exchange.reject(Rejection.FORBIDDEN, "no");
                return STOP;
            }
            case THROW -> throw new IllegalStateException(name + " broke");
            default -> {
                return CONTINUE;
            }
        }
    }

    @Override
    public void after(Exchange exchange) {
        log.add("after:" + name);
        exchange.answerHeader("x-after-" + name, "1");
        if (mode == Mode.THROW_IN_AFTER) {
            throw new IllegalStateException(name + " broke after");
        }
    }
}
