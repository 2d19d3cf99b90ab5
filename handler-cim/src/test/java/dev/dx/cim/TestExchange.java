package dev.dx.cim;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory {@link Exchange} for unit tests of middlewares and chains: request headers set by the
 * test, the answer recorded (status, body, headers) instead of sent.
 */
public final class TestExchange extends AbstractExchange {

    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> answerHeaders = new LinkedHashMap<>();
    private final CountDownLatch sent = new CountDownLatch(1);
    private SocketAddress remote = new InetSocketAddress("127.0.0.1", 40000);
    private Object identity;
    private volatile boolean answered;
    private volatile int status = -1;
    private volatile String body;

    /** Adds a request header. */
    public TestExchange header(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    /** Sets the peer address. */
    public TestExchange remote(SocketAddress address) {
        this.remote = address;
        return this;
    }

    /** Sets the transport identity. */
    public TestExchange identity(Object value) {
        this.identity = value;
        return this;
    }

    /** Answers with {@code status} and {@code body}, running the after-hooks first, as a real exchange does. */
    public void respond(int status, String body) {
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
        }
        this.status = status;
        this.body = body;
        if (runAfterHooks()) {
            this.status = Rejection.HANDLER_FAILED.httpStatus();
            this.body = "handler failed";
        }
        sent.countDown();
    }

    /** The status sent, or -1. */
    public int status() {
        return status;
    }

    /** The body sent, or {@code null}. */
    public String body() {
        return body;
    }

    /** The answer headers, lowercase names. */
    public Map<String, String> answerHeaders() {
        return answerHeaders;
    }

    /** Waits for the answer to be sent. */
    public boolean awaitSent(long timeout, TimeUnit unit) throws InterruptedException {
        return sent.await(timeout, unit);
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
        return "/test";
    }

    @Override
    public int route() {
        return -1;
    }

    @Override
    public String header(CharSequence name) {
        return headers.get(name.toString().toLowerCase(Locale.ROOT));
    }

    @Override
    public SocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public Object identity() {
        return identity;
    }

    @Override
    public boolean isAnswered() {
        return answered;
    }

    @Override
    public void reject(Rejection rejection, String message) {
        respond(rejection.httpStatus(), message);
    }

    @Override
    public synchronized void answerHeader(CharSequence name, CharSequence value) {
        if (sent.getCount() == 0) {
            return;
        }
        answerHeaders.put(name.toString().toLowerCase(Locale.ROOT), value.toString());
    }

    @Override
    public String toString() {
        return "TestExchange(status=" + status + ")";
    }
}
