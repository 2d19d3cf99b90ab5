package dev.dx.cim.processor.chains;

import dev.dx.cim.AbstractExchange;
import dev.dx.cim.Rejection;
import java.net.SocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory exchange for running generated chains: the answer is recorded instead of sent. Like a
 * real exchange it decides the answer once, runs the chain's after-hooks on the answering thread, and
 * turns the answer into HANDLER_FAILED if one of them threw.
 */
final class RecordingExchange extends AbstractExchange {

    private final CountDownLatch sent = new CountDownLatch(1);
    private boolean answered;
    private volatile int status = -1;
    private volatile String body;

    RecordingExchange(Script script) {
        set(Script.KEY, script);
    }

    /** Answers {@code status}; later answers are ignored. */
    void respond(int status, String body) {
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
        }
        boolean afterHookFailed = runAfterHooks();
        this.status = afterHookFailed ? Rejection.HANDLER_FAILED.httpStatus() : status;
        this.body = afterHookFailed ? "handler failed" : body;
        sent.countDown();
    }

    /** The status sent, or -1. */
    int status() {
        return status;
    }

    /** The body sent, or {@code null}. */
    String body() {
        return body;
    }

    boolean awaitSent(long timeout, TimeUnit unit) throws InterruptedException {
        return sent.await(timeout, unit);
    }

    @Override
    public synchronized boolean isAnswered() {
        return answered;
    }

    @Override
    public void reject(Rejection rejection, String message) {
        respond(rejection.httpStatus(), message);
    }

    @Override
    public void answerHeader(CharSequence name, CharSequence value) {
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }

    @Override
    public String method() {
        return "GET";
    }

    @Override
    public String path() {
        return "/";
    }

    @Override
    public int route() {
        return -1;
    }

    @Override
    public String header(CharSequence name) {
        return null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return null;
    }

    @Override
    public Object identity() {
        return null;
    }

    @Override
    public String toString() {
        return "RecordingExchange(status=" + status + ")";
    }
}
