package dev.dx.cim.http;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Exchange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of the router's segment tree: literal children by segment text, at most one parameter
 * child, and the routes of the path that ends here, by method. Built once; read-only afterwards, so
 * shared by every event loop.
 */
final class RouteNode {

    /** A handler for one method at one path, with the chain of its own (or {@code null}). */
    static final class Route {
        final CimChain<Exchange> chain;
        final CimHandler<HttpExchange> handler;
        final String[] paramNames;

        Route(CimChain<Exchange> chain, CimHandler<HttpExchange> handler, String[] paramNames) {
            this.chain = chain;
            this.handler = handler;
            this.paramNames = paramNames;
        }
    }

    private final Map<String, RouteNode> literals = new HashMap<>();
    private RouteNode param;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private String allow;

    /** The node for {@code pattern}, created on the way. */
    RouteNode add(PathPattern pattern) {
        RouteNode n = this;
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.isParam(i)) {
                if (n.param == null) {
                    n.param = new RouteNode();
                }
                n = n.param;
            } else {
                n = n.literals.computeIfAbsent(pattern.segment(i), s -> new RouteNode());
            }
        }
        return n;
    }

    /** Adds {@code route} for {@code method}; returns {@code false} if the method already has one here. */
    boolean put(String method, Route route) {
        if (routes.putIfAbsent(method, route) != null) {
            return false;
        }
        StringBuilder b = new StringBuilder();
        for (String m : routes.keySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(m);
        }
        if (routes.containsKey("GET") && !routes.containsKey("HEAD")) {
            b.append(", HEAD");
        }
        allow = b.toString();
        return true;
    }

    /** The route for {@code method}; HEAD falls back to GET. {@code null} if none. */
    Route route(String method) {
        Route r = routes.get(method);
        if (r == null && "HEAD".equals(method)) {
            r = routes.get("GET");
        }
        return r;
    }

    /** The {@code Allow} header value: the methods with a route here. */
    String allow() {
        return allow;
    }

    /**
     * The node with routes that {@code path} (starting with {@code /}) reaches, filling {@code values}
     * with the raw parameter segments, or {@code null}. Literal segments win over parameters; a literal
     * branch that leads nowhere falls back to the parameter branch.
     */
    RouteNode match(String path, String[] values) {
        return match(path, 1, values, 0);
    }

    private RouteNode match(String path, int from, String[] values, int depth) {
        int end = path.indexOf('/', from);
        boolean last = end < 0;
        if (last) {
            end = path.length();
        }
        String segment = path.substring(from, end);
        RouteNode literal = literals.get(segment);
        if (literal != null) {
            RouteNode found = last ? literal.withRoutes() : literal.match(path, end + 1, values, depth);
            if (found != null) {
                return found;
            }
        }
        if (param != null && !segment.isEmpty()) {
            values[depth] = segment;
            return last ? param.withRoutes() : param.match(path, end + 1, values, depth + 1);
        }
        return null;
    }

    private RouteNode withRoutes() {
        return routes.isEmpty() ? null : this;
    }
}
