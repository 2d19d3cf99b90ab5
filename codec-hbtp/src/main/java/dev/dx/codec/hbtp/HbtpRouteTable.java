package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The route table of spec §7: 65,536 slots indexed by route id, so a lookup is one array access
 * whatever the number of routes. Immutable once built and safe to share between channels and threads;
 * each channel's {@link HbtpRouter} reads it.
 *
 * <pre>
 * HbtpRouteTable routes = HbtpRouteTable.builder()
 *         .intercept(authInterceptor)                       // outermost first
 *         .route(7, ex -&gt; ex.respond(ex.arguments().retain()))
 *         .build();
 * </pre>
 */
public final class HbtpRouteTable {

    /** The number of slots: every u16 route id. */
    public static final int SLOTS = 65_536;

    private final HbtpRouteHandler[] handlers;
    private final int size;

    private HbtpRouteTable(HbtpRouteHandler[] handlers, int size) {
        this.handlers = handlers;
        this.size = size;
    }

    /** Returns the handler of {@code route}, or {@code null}. One array access. */
    public HbtpRouteHandler handler(int route) {
        return handlers[route & 0xFFFF];
    }

    /** The number of routes with a handler. */
    public int size() {
        return size;
    }

    /** Starts a table. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects routes and interceptors; {@link #build()} applies the interceptors once. */
    public static final class Builder {

        private final HbtpRouteHandler[] handlers = new HbtpRouteHandler[SLOTS];
        private final List<HbtpRouteInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** Registers {@code handler} for {@code route} (0-65535), replacing any previous one. */
        public Builder route(int route, HbtpRouteHandler handler) {
            handlers[checkInRange(route, 0, 0xFFFF, "route")] = checkNotNull(handler, "handler");
            return this;
        }

        /** Adds an interceptor around every route; the first added runs first. */
        public Builder intercept(HbtpRouteInterceptor interceptor) {
            interceptors.add(checkNotNull(interceptor, "interceptor"));
            return this;
        }

        /** Builds the table, wrapping each handler in the interceptors. */
        public HbtpRouteTable build() {
            HbtpRouteHandler[] table = new HbtpRouteHandler[SLOTS];
            int size = 0;
            for (int i = 0; i < SLOTS; i++) {
                HbtpRouteHandler h = handlers[i];
                if (h == null) {
                    continue;
                }
                for (int j = interceptors.size() - 1; j >= 0; j--) {
                    h = interceptors.get(j).wrap(h);
                }
                table[i] = h;
                size++;
            }
            return new HbtpRouteTable(table, size);
        }
    }
}
