package dev.dx.cim;

import java.net.SocketAddress;

/**
 * One request and its answer, as middleware sees it, over HTTP ({@code HttpExchange}) or HBTP
 * ({@code HbtpCimExchange}).
 *
 * <h2>The request</h2>
 * {@link #method()} and {@link #path()} for HTTP, {@link #route()} for HBTP; {@link #header} reads an
 * HTTP header or an HBTP metadata entry (spec §11.1), so the same middleware reads
 * {@code authorization} on both.
 *
 * <h2>Attributes</h2>
 * Typed values that middlewares and the handler pass to each other ({@link #get}, {@link #set}): the
 * verified claims, the start time, the rate-limit bucket of the core that took the request.
 *
 * <h2>The answer</h2>
 * Answered exactly once: by the handler, by a middleware that short-circuits ({@link #reject}, or a
 * protocol's own answer methods), or by the chain when a hook fails. Later answers are ignored and
 * release what they were given. {@link #answerHeader} adds HTTP response headers or HBTP answer
 * metadata until the answer is sent, after-hooks included.
 *
 * <h2>Chain plumbing</h2>
 * {@link #startChain}, {@link #passed} and {@link #hookFailed} are called by generated chains, not by
 * middleware or applications.
 */
public interface Exchange {

    /** The protocol the request came over. */
    Protocol protocol();

    /** The HTTP method ({@code "GET"}), or {@code null} over HBTP. */
    String method();

    /** The HTTP path without the query ({@code "/api/users"}), or {@code null} over HBTP. */
    String path();

    /** The HBTP route id (0-65535), or -1 over HTTP. */
    int route();

    /**
     * The request header or metadata entry {@code name} (case-insensitive for HTTP, lowercase over
     * HBTP), or {@code null} when absent. With several, the first.
     */
    String header(CharSequence name);

    /** The peer's address, or {@code null} if the channel has none. */
    SocketAddress remoteAddress();

    /**
     * What the transport knows of the caller: over HBTP the identity the handshake's token check
     * established ({@code HbtpExchange.identity()}), otherwise {@code null}. Authentication middleware
     * stores what it verifies in an attribute.
     */
    Object identity();

    /** The attribute {@code key}, or {@code null}. */
    <T> T get(ExchangeKey<T> key);

    /** Sets the attribute {@code key} ({@code null} removes it). */
    <T> void set(ExchangeKey<T> key, T value);

    /** Whether the exchange has been answered. */
    boolean isAnswered();

    /**
     * Answers with {@code rejection}: HTTP {@link Rejection#httpStatus()} with {@code message} as a
     * plain-text body, or RpcError {@link Rejection#hbtpCode()} with {@code message}. Ignored if already
     * answered.
     */
    void reject(Rejection rejection, String message);

    /**
     * Adds a header to the answer: an HTTP response header, or an HBTP answer metadata entry (the name in
     * lowercase, not starting with {@code hbtp-}). Allowed until the answer is sent, so after-hooks may
     * add headers; later calls are ignored.
     */
    void answerHeader(CharSequence name, CharSequence value);

    /**
     * Chain plumbing: registers {@code chain} to run its after-hooks when this exchange is answered.
     * Called once, first thing, by {@link CimChain#handle}.
     */
    void startChain(CimChain<?> chain);

    /** Chain plumbing: the first {@code count} middlewares' before-hooks have continued. */
    void passed(int count);

    /**
     * Chain plumbing: a hook or the handler threw {@code cause}. Logs it and answers
     * {@link Rejection#HANDLER_FAILED} if nothing has been answered; when an after-hook throws while the
     * answer is still unsent, the answer becomes HANDLER_FAILED.
     */
    void hookFailed(Throwable cause);

    /** The two protocols an exchange can come over. */
    enum Protocol {
        /** HTTP/1.1 through {@code CimHttpHandler}. */
        HTTP,
        /** HBTP calls, server streams and uploads through {@code CimHbtp}. */
        HBTP
    }
}
