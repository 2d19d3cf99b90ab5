package dev.dx.cim.builtin;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.Middleware;
import dev.dx.cim.http.HttpExchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Cross-origin resource sharing for HTTP chains, by a {@link CorsPolicy}.
 *
 * <ul>
 *   <li>A <b>preflight</b> ({@code OPTIONS} with {@code Origin} and {@code Access-Control-Request-Method})
 *       is answered here and goes no further: {@code 204} with {@code Access-Control-Allow-Origin} (the
 *       request's origin), {@code -Allow-Methods}, {@code -Allow-Headers}, {@code -Max-Age} and, when the
 *       policy allows credentials, {@code -Allow-Credentials: true}, if the origin is allowed;
 *       {@code 403} with no CORS headers if not.</li>
 *   <li>Any other request from an allowed origin continues, and its answer, whoever gives it, carries
 *       {@code Access-Control-Allow-Origin: <origin>} (never {@code *}, so it works with credentials)
 *       and the credentials header when set. From a disallowed origin it continues without CORS headers,
 *       and the browser keeps the answer from the page.</li>
 *   <li>Every answer to a request with an {@code Origin} says {@code Vary: Origin}, so caches keep one
 *       answer per origin.</li>
 * </ul>
 *
 * <p>The headers are added in {@link #before} as {@linkplain dev.dx.cim.Exchange#answerHeader answer
 * headers}: the exchange merges them into whatever answer is sent, so a {@code 401} from a later
 * middleware, the handler's answer and a {@code 500} after a failure all carry them, and nothing depends
 * on an after-hook running. Put this middleware first in the chain, so that the rejections of every
 * other middleware carry the headers too.
 */
public final class CorsMiddleware implements Middleware<HttpExchange> {

    private static final String ORIGIN = "Origin";

    private final CorsPolicy policy;

    /** CORS by {@code policy}. */
    public CorsMiddleware(CorsPolicy policy) {
        this.policy = checkNotNull(policy, "policy");
    }

    @Override
    public boolean before(HttpExchange x) {
        String origin = x.header(HttpHeaderNames.ORIGIN);
        if (origin == null) {
            return CONTINUE;
        }
        x.answerHeader(HttpHeaderNames.VARY, ORIGIN);
        boolean allowed = policy.allows(origin);
        if (isPreflight(x)) {
            if (allowed) {
                allowOrigin(x, origin);
                x.answerHeader(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, policy.allowMethods());
                x.answerHeader(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, policy.allowHeaders());
                x.answerHeader(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, policy.maxAge());
                x.respond(HttpResponseStatus.NO_CONTENT, null, null);
            } else {
                x.respond(HttpResponseStatus.FORBIDDEN, null, null);
            }
            return STOP;
        }
        if (allowed) {
            allowOrigin(x, origin);
        }
        return CONTINUE;
    }

    private void allowOrigin(HttpExchange x, String origin) {
        x.answerHeader(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        if (policy.credentials()) {
            x.answerHeader(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private static boolean isPreflight(HttpExchange x) {
        return "OPTIONS".equals(x.method()) && x.header(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    @Override
    public String toString() {
        return "CorsMiddleware(credentials=" + policy.credentials() + ")";
    }
}
