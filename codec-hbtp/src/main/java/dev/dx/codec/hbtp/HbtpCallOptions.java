package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import java.time.Duration;

/**
 * Per-call options of an {@link HbtpClient} call (spec §11.1, §11.2): a timeout, which also goes on the
 * wire as {@code hbtp-timeout} so the server knows its deadline; metadata; and a cancellation signal that
 * cancels the call. Immutable; each {@code with} method returns a new instance.
 *
 * <pre>
 * HbtpCallOptions options = HbtpCallOptions.DEFAULT
 *         .withTimeout(Duration.ofMillis(250))
 *         .withMetadata(HbtpMetadata.of(HbtpMetadataKey.AUTHORIZATION, "Bearer " + jwt));
 * client.call(7, args, options).thenAccept(response -&gt; { ...; response.release(); });
 *
 * // in a handler that calls another service on behalf of its caller: the remaining time and the
 * // caller's cancellation pass on
 * backend.call(3, args, exchange.callOptions());
 * </pre>
 */
public final class HbtpCallOptions {

    /** No timeout of its own (the client's default applies, and is not sent), no metadata, no signal. */
    public static final HbtpCallOptions DEFAULT = new HbtpCallOptions(-1, HbtpMetadata.EMPTY, null);

    /** The largest timeout {@code hbtp-timeout} can carry: 2^32-1 milliseconds (about 49.7 days). */
    public static final long MAX_TIMEOUT_MILLIS = 0xFFFF_FFFFL;

    private final long timeoutMillis;
    private final HbtpMetadata metadata;
    private final HbtpCancellation cancellation;

    private HbtpCallOptions(long timeoutMillis, HbtpMetadata metadata, HbtpCancellation cancellation) {
        this.timeoutMillis = timeoutMillis;
        this.metadata = metadata;
        this.cancellation = cancellation;
    }

    /**
     * Returns options with a timeout: the call fails with {@code TIMEOUT} when no answer came in time,
     * and the server is told its deadline. Zero means "already expired". Millisecond precision, at most
     * {@link #MAX_TIMEOUT_MILLIS}.
     */
    public HbtpCallOptions withTimeout(Duration timeout) {
        checkNotNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout : " + timeout + " (expected: >= 0)");
        }
        return withTimeoutMillis(timeout.compareTo(Duration.ofMillis(MAX_TIMEOUT_MILLIS)) > 0
                ? MAX_TIMEOUT_MILLIS : timeout.toMillis());
    }

    /** {@link #withTimeout(Duration)} in milliseconds, 0 to {@link #MAX_TIMEOUT_MILLIS}. */
    public HbtpCallOptions withTimeoutMillis(long timeoutMillis) {
        if (timeoutMillis < 0 || timeoutMillis > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeoutMillis : " + timeoutMillis + " (expected: 0-"
                    + MAX_TIMEOUT_MILLIS + ")");
        }
        return new HbtpCallOptions(timeoutMillis, metadata, cancellation);
    }

    /**
     * Returns options that send {@code metadata} with the call. It must not hold {@code hbtp-timeout}:
     * use {@link #withTimeout}.
     */
    public HbtpCallOptions withMetadata(HbtpMetadata metadata) {
        checkNotNull(metadata, "metadata");
        if (metadata.contains(HbtpMetadataKey.TIMEOUT.name())) {
            throw new IllegalArgumentException("metadata : " + metadata + " (set the timeout with withTimeout)");
        }
        return new HbtpCallOptions(timeoutMillis, metadata, cancellation);
    }

    /**
     * Returns options whose call is cancelled (RpcCancel sent, the future cancelled) when
     * {@code cancellation} fires, for example {@code exchange::onCancel}; {@code null} for none.
     */
    public HbtpCallOptions withCancellation(HbtpCancellation cancellation) {
        return new HbtpCallOptions(timeoutMillis, metadata, cancellation);
    }

    /** The timeout in milliseconds, or -1 when the client's default applies. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Whether a timeout was set (and goes on the wire). */
    public boolean hasTimeout() {
        return timeoutMillis >= 0;
    }

    /** The metadata sent with the call (without the timeout). */
    public HbtpMetadata metadata() {
        return metadata;
    }

    /** The cancellation signal, or {@code null}. */
    public HbtpCancellation cancellation() {
        return cancellation;
    }

    /** The metadata as sent: {@link #metadata()} followed by {@code hbtp-timeout} when a timeout is set. */
    HbtpMetadata wireMetadata() {
        return hasTimeout() ? metadata.with(HbtpMetadata.of(HbtpMetadataKey.TIMEOUT, timeoutMillis)) : metadata;
    }

    @Override
    public String toString() {
        return "HbtpCallOptions(timeout=" + (hasTimeout() ? timeoutMillis + " ms" : "default") + ", metadata="
                + metadata + ", cancellation=" + (cancellation != null) + ")";
    }
}
