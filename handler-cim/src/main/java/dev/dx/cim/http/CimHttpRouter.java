package dev.dx.cim.http;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;
import dev.dx.cim.Rejection;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Routes HTTP requests by method and path to handlers, as the handler of a {@link CimHttpHandler}.
 *
 * <pre>{@code
 * CimHttpRouter router = CimHttpRouter.builder()
 *         .chain(new ApiChain_Cim(jwt))                    // every request, unless a closer chain applies
 *         .prefix("/admin/", new AdminChain_Cim(jwt))       // requests under /admin/
 *         .get("/api/users/{id}", x -> x.respond(OK, user(x.pathParam("id")), "application/json"))
 *         .route(HttpMethod.POST, "/upload", new UploadChain_Cim(limits), this::upload)
 *         .build();
 * }</pre>
 *
 * <h2>Matching</h2>
 * Paths are split into segments once, when the router is built, into a tree; a request walks it one
 * segment at a time (no regular expressions). A literal segment matches the request's segment exactly,
 * still percent-encoded; {@code {name}} matches any non-empty segment, and literals win over parameters.
 * Parameter values are percent-decoded as UTF-8 and read with {@link HttpExchange#pathParam}; a value
 * that does not decode answers {@code 400}. HEAD requests run the GET route when there is no HEAD route.
 * No path matches: the {@linkplain Builder#fallback fallback} handler, {@code 404} by default. The path
 * matches but not the method: {@code 405} with {@code Allow}.
 *
 * <h2>Chains</h2>
 * An exchange runs one chain (a generated chain is already the whole list of middlewares), the closest
 * one that applies: the route's own; else the longest {@linkplain Builder#prefix prefix} chain whose
 * prefix the path starts with (at a segment boundary); else the {@linkplain Builder#chain default} chain;
 * else none. The fallback, 404 and 405 answers run the prefix or default chain too, so a CORS preflight
 * ({@code OPTIONS}) is answered by the CORS middleware of that chain before the router would say 405:
 * put {@code CorsMiddleware} in a prefix or default chain rather than only in route chains.
 */
public final class CimHttpRouter implements CimHandler<HttpExchange> {

    private static final String[] NO_VALUES = new String[0];

    private final RouteNode root;
    private final int maxParams;
    private final String[] prefixes;
    private final CimChain<Exchange>[] prefixChains;
    private final CimChain<Exchange> defaultChain;
    private final CimHandler<HttpExchange> fallback;

    /** A chain for the paths under a prefix. */
    private record PrefixChain(String prefix, CimChain<Exchange> chain) {
    }

    private CimHttpRouter(Builder b) {
        this.root = b.root;
        this.maxParams = b.maxParams;
        List<PrefixChain> sorted = new ArrayList<>(b.prefixes);
        sorted.sort(Comparator.comparingInt((PrefixChain p) -> p.prefix().length()).reversed());
        this.prefixes = new String[sorted.size()];
        @SuppressWarnings("unchecked")
        CimChain<Exchange>[] chains = new CimChain[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            prefixes[i] = sorted.get(i).prefix();
            chains[i] = sorted.get(i).chain();
        }
        this.prefixChains = chains;
        this.defaultChain = b.defaultChain;
        this.fallback = b.fallback;
    }

    /** A builder with no routes. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(HttpExchange x) throws Exception {
        String path = x.path();
        String[] raw = maxParams == 0 ? NO_VALUES : new String[maxParams];
        RouteNode node = path.startsWith("/") ? root.match(path, raw) : null;
        if (node == null) {
            run(x, chainFor(path), fallback);
            return;
        }
        RouteNode.Route route = node.route(x.method());
        if (route == null) {
            String allow = node.allow();
            run(x, chainFor(path), ex -> methodNotAllowed(ex, allow));
            return;
        }
        int n = route.paramNames.length;
        String[] values = n == 0 ? NO_VALUES : new String[n];
        for (int i = 0; i < n; i++) {
            try {
                values[i] = PathDecoder.decode(raw[i]);
            } catch (IllegalArgumentException e) {
                String why = "bad path parameter {" + route.paramNames[i] + "}: " + e.getMessage();
                run(x, chainFor(path), ex -> ex.reject(Rejection.BAD_REQUEST, why));
                return;
            }
        }
        x.pathParams(route.paramNames, values);
        run(x, route.chain != null ? route.chain : chainFor(path), route.handler);
    }

    /** The chain of the longest prefix {@code path} falls under, else the default chain, else {@code null}. */
    private CimChain<Exchange> chainFor(String path) {
        for (int i = 0; i < prefixes.length; i++) {
            if (under(path, prefixes[i])) {
                return prefixChains[i];
            }
        }
        return defaultChain;
    }

    /** Whether {@code path} is {@code prefix} or lies under it at a segment boundary. */
    static boolean under(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        return prefix.endsWith("/") || path.length() == prefix.length() || path.charAt(prefix.length()) == '/';
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void run(HttpExchange x, CimChain<Exchange> chain, CimHandler<HttpExchange> handler)
            throws Exception {
        if (chain == null) {
            handler.handle(x);
        } else {
            chain.handle(x, (CimHandler) handler);
        }
    }

    private static void notFound(HttpExchange x) {
        x.reject(Rejection.NOT_FOUND, "not found");
    }

    private static void methodNotAllowed(HttpExchange x, String allow) {
        x.answerHeader(HttpHeaderNames.ALLOW, allow);
        x.respond(HttpResponseStatus.METHOD_NOT_ALLOWED,
                ByteBufUtil.writeUtf8(x.channel().alloc(), "method not allowed"), HttpAnswers.TEXT_PLAIN);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static CimChain<Exchange> cast(CimChain<?> chain) {
        return (CimChain) chain;
    }

    /** Collects routes and chains; {@link #build()} checks nothing is left ambiguous. */
    public static final class Builder {
        private final RouteNode root = new RouteNode();
        private final List<PrefixChain> prefixes = new ArrayList<>();
        private final Set<String> prefixSet = new HashSet<>();
        private CimChain<Exchange> defaultChain;
        private CimHandler<HttpExchange> fallback = CimHttpRouter::notFound;
        private int maxParams;
        private boolean built;

        private Builder() {
        }

        /** The chain for every request that no route or prefix chain covers. */
        public Builder chain(CimChain<? super HttpExchange> chain) {
            checkNotBuilt();
            this.defaultChain = cast(checkNotNull(chain, "chain"));
            return this;
        }

        /**
         * The chain for requests whose path is {@code prefix} or lies under it ({@code /admin} covers
         * {@code /admin} and {@code /admin/x}, not {@code /administrator}), unless their route has a chain.
         */
        public Builder prefix(String prefix, CimChain<? super HttpExchange> chain) {
            checkNotNull(prefix, "prefix");
            checkNotNull(chain, "chain");
            checkNotBuilt();
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException("prefix : " + prefix + " (expected: starts with /)");
            }
            if (!prefixSet.add(prefix)) {
                throw new IllegalArgumentException("prefix : " + prefix + " (expected: one chain per prefix)");
            }
            prefixes.add(new PrefixChain(prefix, cast(chain)));
            return this;
        }

        /**
         * The handler for requests whose path no route matches (instead of answering {@code 404}), run
         * behind the prefix or default chain that covers the path, as a route without its own chain would
         * be. Any method reaches it; a path that a route matches for other methods still answers
         * {@code 405}. A static file server is the usual fallback.
         */
        public Builder fallback(CimHandler<? super HttpExchange> handler) {
            checkNotBuilt();
            this.fallback = HttpChains.handler(checkNotNull(handler, "handler"));
            return this;
        }

        /** Routes {@code method} requests for {@code pattern} to {@code handler}. */
        public Builder route(HttpMethod method, String pattern, CimHandler<? super HttpExchange> handler) {
            return add(method, pattern, null, handler);
        }

        /** Routes {@code method} requests for {@code pattern} through {@code chain} to {@code handler}. */
        public Builder route(HttpMethod method, String pattern, CimChain<? super HttpExchange> chain,
                CimHandler<? super HttpExchange> handler) {
            return add(method, pattern, checkNotNull(chain, "chain"), handler);
        }

        /** Routes GET (and HEAD, unless routed) requests for {@code pattern}. */
        public Builder get(String pattern, CimHandler<? super HttpExchange> handler) {
            return route(HttpMethod.GET, pattern, handler);
        }

        /** Routes POST requests for {@code pattern}. */
        public Builder post(String pattern, CimHandler<? super HttpExchange> handler) {
            return route(HttpMethod.POST, pattern, handler);
        }

        /** Routes PUT requests for {@code pattern}. */
        public Builder put(String pattern, CimHandler<? super HttpExchange> handler) {
            return route(HttpMethod.PUT, pattern, handler);
        }

        /** Routes DELETE requests for {@code pattern}. */
        public Builder delete(String pattern, CimHandler<? super HttpExchange> handler) {
            return route(HttpMethod.DELETE, pattern, handler);
        }

        private Builder add(HttpMethod method, String pattern, CimChain<?> chain,
                CimHandler<? super HttpExchange> handler) {
            checkNotNull(method, "method");
            checkNotNull(handler, "handler");
            checkNotBuilt();
            PathPattern p = PathPattern.parse(pattern);
            RouteNode.Route route = new RouteNode.Route(chain == null ? null : cast(chain),
                    HttpChains.handler(handler), p.paramNames());
            if (!root.add(p).put(method.name(), route)) {
                throw new IllegalArgumentException("route : " + method + ' ' + pattern
                        + " (expected: one handler per method and path; parameter names do not tell paths apart)");
            }
            maxParams = Math.max(maxParams, route.paramNames.length);
            return this;
        }

        private void checkNotBuilt() {
            if (built) {
                throw new IllegalStateException("the router is already built");
            }
        }

        /** The router. The builder cannot add routes afterwards (the tree is shared, not copied). */
        public CimHttpRouter build() {
            built = true;
            return new CimHttpRouter(this);
        }
    }
}
