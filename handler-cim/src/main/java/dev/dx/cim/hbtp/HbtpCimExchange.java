package dev.dx.cim.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.AbstractExchange;
import dev.dx.cim.Rejection;
import dev.dx.codec.hbtp.HbtpExchange;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpRouteHandler;
import dev.dx.codec.hbtp.HbtpRpcException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The middleware view of an HBTP call, server stream or upload: {@link #hbtp()} is the exchange the
 * route table's interceptors were given, and the handler gets that same object (so a stream handler still
 * sees its {@code HbtpServerStream}).
 *
 * <p>The after-hooks run in the exchange's {@linkplain HbtpExchange#onAnswer answer hook}: once the
 * handler, a middleware or the router (deadline, cancel, drain, close) decides the outcome, before the
 * answer is built. The {@linkplain #answerHeader answer headers} become answer metadata (§11.1); an
 * after-hook that throws turns a response into RpcError HANDLER_FAILED.
 */
public final class HbtpCimExchange extends AbstractExchange {

    private final HbtpExchange hbtp;
    private final HbtpRouteHandler next;
    private HbtpMetadata.Builder answerMetadata;
    private boolean answerBuilt;

    /** A view of {@code hbtp} whose chain ends in {@code next}; {@link CimHbtp} makes these. */
    HbtpCimExchange(HbtpExchange hbtp, HbtpRouteHandler next) {
        this.hbtp = checkNotNull(hbtp, "hbtp");
        this.next = checkNotNull(next, "next");
    }

    /**
     * The end of the chain: runs the route's handler on the original exchange. An
     * {@link HbtpRpcException} it throws answers with its code, as without a chain.
     */
    void handleNext() throws Exception {
        try {
            next.handle(hbtp);
        } catch (HbtpRpcException e) {
            hbtp.fail(e.code(), e.rawMessage(), e.metadata());
        }
    }

    /** The HBTP exchange underneath: metadata, arguments, deadline, cancellation and its own answers. */
    public HbtpExchange hbtp() {
        return hbtp;
    }

    @Override
    public Protocol protocol() {
        return Protocol.HBTP;
    }

    @Override
    public String method() {
        return null;
    }

    @Override
    public String path() {
        return null;
    }

    @Override
    public int route() {
        return hbtp.route();
    }

    @Override
    public String header(CharSequence name) {
        byte[] value = hbtp.metadata().get(name.toString().toLowerCase(Locale.ROOT));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public SocketAddress remoteAddress() {
        return hbtp.channel().remoteAddress();
    }

    @Override
    public Object identity() {
        return hbtp.identity();
    }

    @Override
    public boolean isAnswered() {
        return hbtp.isDone();
    }

    @Override
    public void reject(Rejection rejection, String message) {
        hbtp.fail(rejection.hbtpCode().code(), message);
    }

    /**
     * Adds answer metadata {@code name} (lowercased) = {@code value}.
     *
     * @throws IllegalArgumentException for a name HBTP reserves ({@code hbtp-}) or over its limits
     */
    @Override
    public synchronized void answerHeader(CharSequence name, CharSequence value) {
        if (answerBuilt) {
            return;
        }
        if (answerMetadata == null) {
            answerMetadata = HbtpMetadata.builder();
        }
        answerMetadata.add(name.toString().toLowerCase(Locale.ROOT), value.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The answer hook: runs the after-hooks, then hands over the answer metadata they and the others added. */
    HbtpMetadata beforeAnswer(HbtpExchange exchange, int outcome) {
        boolean failed = runAfterHooks();
        HbtpMetadata metadata;
        synchronized (this) {
            answerBuilt = true;
            metadata = answerMetadata == null ? HbtpMetadata.EMPTY : answerMetadata.build();
        }
        if (failed && outcome == 0) {
            throw new IllegalStateException("an after-hook failed on " + this);
        }
        return metadata;
    }

    @Override
    public String toString() {
        return "HbtpCimExchange(" + hbtp + ")";
    }
}
