package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.internal.HbtpUploadOpener;
import dev.dx.codec.hbtp.stream.HbtpStreamHandler;
import java.util.ArrayList;
import java.util.List;

/**
 * The route table of spec §7: 65,536 slots indexed by route id, so a lookup is one array access
 * whatever the number of routes, for calls and, in tables built only when one is registered, for server
 * streams and upload streams. The same interceptors wrap all three. Immutable once built and safe to
 * share between channels and threads: each channel's {@link HbtpRouter} (calls, server streams) and
 * {@link dev.dx.codec.hbtp.stream.HbtpStreamReceiver} (uploads) read the one table.
 *
 * <pre>
 * HbtpRouteTable routes = HbtpRouteTable.builder()
 *         .intercept(authInterceptor)                       // outermost first: calls and streams
 *         .route(7, ex -&gt; ex.respond(ex.arguments().retain()))
 *         .stream(9, stream -&gt; { stream.trySend(item); stream.end(); })
 *         .upload(3, (channel, seq, args) -&gt; new FileSink(seq))
 *         .build();
 * </pre>
 */
public final class HbtpRouteTable {

    /** The number of slots: every u16 route id. */
    public static final int SLOTS = 65_536;

    private final HbtpRouteHandler[] handlers;
    private final HbtpRouteHandler[] streams;
    private final HbtpRouteHandler[] uploads;
    private final int size;

    private HbtpRouteTable(HbtpRouteHandler[] handlers, HbtpRouteHandler[] streams, HbtpRouteHandler[] uploads,
            int size) {
        this.handlers = handlers;
        this.streams = streams;
        this.uploads = uploads;
        this.size = size;
    }

    /** Returns the call handler of {@code route}, or {@code null}. One array access. */
    public HbtpRouteHandler handler(int route) {
        return handlers[route & 0xFFFF];
    }

    /**
     * Returns the stream handler of {@code route}, wrapped in the interceptors like a call handler (its
     * exchange is an {@link HbtpServerStream}), or {@code null}. One array access.
     */
    public HbtpRouteHandler streamHandler(int route) {
        HbtpRouteHandler[] s = streams;
        return s == null ? null : s[route & 0xFFFF];
    }

    /**
     * Returns the upload-stream handler of {@code route}, wrapped in the interceptors (its exchange is the
     * stream's RpcStreamStart; the innermost step opens the route's {@link HbtpStreamHandler}), or
     * {@code null}. One array access. Called by {@link dev.dx.codec.hbtp.stream.HbtpStreamReceiver}.
     */
    public HbtpRouteHandler uploadHandler(int route) {
        HbtpRouteHandler[] u = uploads;
        return u == null ? null : u[route & 0xFFFF];
    }

    /** Whether any upload route is registered. */
    public boolean hasUploads() {
        return uploads != null;
    }

    /** The number of route ids with a call, server-stream or upload handler. */
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
        private HbtpRouteHandler[] streams;
        private HbtpRouteHandler[] uploads;
        private final List<HbtpRouteInterceptor> interceptors = new ArrayList<>();

        private Builder() {
        }

        /** Registers {@code handler} for {@code route} (0-65535), replacing any previous one. */
        public Builder route(int route, HbtpRouteHandler handler) {
            handlers[checkInRange(route, 0, 0xFFFF, "route")] = checkNotNull(handler, "handler");
            return this;
        }

        /**
         * Registers the server-stream handler of {@code route} (0-65535), replacing any previous one. A
         * route may have a call handler and a stream handler; RpcCall finds the one, RpcStreamStart the
         * other.
         */
        public Builder stream(int route, HbtpStreamRouteHandler handler) {
            checkInRange(route, 0, 0xFFFF, "route");
            checkNotNull(handler, "handler");
            if (streams == null) {
                streams = new HbtpRouteHandler[SLOTS];
            }
            streams[route] = exchange -> handler.handle((HbtpServerStream) exchange);
            return this;
        }

        /**
         * Registers the upload-stream handler of {@code route} (0-65535), replacing any previous one: an
         * {@link dev.dx.codec.hbtp.stream.HbtpStreamReceiver} given this table opens {@code handler}'s
         * consumer for each RpcStreamStart on the route once the interceptors let it through (an
         * interceptor that answers the start refuses the stream). A route may have a call handler and an
         * upload handler; a route with both a server-stream and an upload handler gets its RpcStreamStarts
         * as uploads.
         */
        public Builder upload(int route, HbtpStreamHandler handler) {
            checkInRange(route, 0, 0xFFFF, "route");
            checkNotNull(handler, "handler");
            if (uploads == null) {
                uploads = new HbtpRouteHandler[SLOTS];
            }
            uploads[route] = exchange -> ((HbtpUploadOpener) exchange).open(handler);
            return this;
        }

        /** Adds an interceptor around every route, calls and streams; the first added runs first. */
        public Builder intercept(HbtpRouteInterceptor interceptor) {
            interceptors.add(checkNotNull(interceptor, "interceptor"));
            return this;
        }

        /** Builds the table, wrapping each handler in the interceptors. */
        public HbtpRouteTable build() {
            HbtpRouteHandler[] calls = wrapAll(handlers);
            HbtpRouteHandler[] streamTable = streams == null ? null : wrapAll(streams);
            HbtpRouteHandler[] uploadTable = uploads == null ? null : wrapAll(uploads);
            int size = 0;
            for (int i = 0; i < SLOTS; i++) {
                if (calls[i] != null || streamTable != null && streamTable[i] != null
                        || uploadTable != null && uploadTable[i] != null) {
                    size++;
                }
            }
            return new HbtpRouteTable(calls, streamTable, uploadTable, size);
        }

        private HbtpRouteHandler[] wrapAll(HbtpRouteHandler[] source) {
            HbtpRouteHandler[] table = new HbtpRouteHandler[SLOTS];
            for (int i = 0; i < SLOTS; i++) {
                HbtpRouteHandler h = source[i];
                if (h != null) {
                    for (int j = interceptors.size() - 1; j >= 0; j--) {
                        h = interceptors.get(j).wrap(h);
                    }
                    table[i] = h;
                }
            }
            return table;
        }
    }
}
