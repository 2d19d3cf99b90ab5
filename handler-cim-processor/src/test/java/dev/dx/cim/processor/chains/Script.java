package dev.dx.cim.processor.chains;

import dev.dx.cim.Exchange;
import dev.dx.cim.ExchangeKey;
import dev.dx.cim.Rejection;
import java.util.ArrayList;
import java.util.List;

/**
 * What the recording middlewares of one exchange do, and what they did: carried as an exchange
 * attribute, so every exchange has its own and no state is shared between tests or threads.
 */
final class Script {

    static final ExchangeKey<Script> KEY = ExchangeKey.of("test.script", Script.class);

    /** How a middleware's before-hook stops the chain. */
    enum Stop {
        /** Answers 401 and returns STOP: a short-circuit. */
        ANSWER,
        /** Returns STOP without answering: a bug the chain answers for. */
        SILENT,
        /** Throws. */
        THROW,
        /** Answers 401 but returns CONTINUE: the chain still stops. */
        ANSWER_AND_CONTINUE
    }

    private final List<String> log = new ArrayList<>();
    private int stopAt = -1;
    private Stop stop = Stop.ANSWER;
    private int throwInAfter = -1;

    /** Middleware {@code index} stops the chain the way {@code how} says. */
    Script stopAt(int index, Stop how) {
        this.stopAt = index;
        this.stop = how;
        return this;
    }

    /** Middleware {@code index}'s after-hook throws. */
    Script throwInAfter(int index) {
        this.throwInAfter = index;
        return this;
    }

    /** The events so far: {@code "before 0"}, {@code "handler"}, {@code "after 0"}. */
    synchronized List<String> log() {
        return new ArrayList<>(log);
    }

    synchronized void record(String event) {
        log.add(event);
    }

    /** The before-hook of the middleware at {@code index}. */
    static boolean before(int index, Exchange exchange) {
        Script script = exchange.get(KEY);
        script.record("before " + index);
        if (script.stopAt != index) {
            return true;
        }
        switch (script.stop) {
            case ANSWER:
                exchange.reject(Rejection.UNAUTHORIZED, "stopped by " + index);
                return false;
            case SILENT:
                return false;
            case THROW:
                throw new IllegalArgumentException("before " + index + " failed");
            default:
                exchange.reject(Rejection.UNAUTHORIZED, "answered by " + index);
                return true;
        }
    }

    /** The after-hook of the middleware at {@code index}. */
    static void after(int index, Exchange exchange) throws Exception {
        Script script = exchange.get(KEY);
        script.record("after " + index + " on " + Thread.currentThread().getName());
        if (script.throwInAfter == index) {
            throw new Exception("after " + index + " failed");
        }
    }
}
