package dev.dx.devserver.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.dx.cim.Rejection;
import dev.dx.cim.http.CimHttpRouter;
import dev.dx.cim.http.HttpExchange;
import dev.dx.dbteleport.CachedResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of {@link LiveData}: {@code GET /api/query/{name}} as JSON and
 * {@code POST /api/items/{id}} to change a demo row. Answers: 200 with JSON; 400 with a message naming
 * the problem (bad parameters, body or id); 404 for an unknown query or a row that does not exist;
 * 500 when the query or the update fails; 503 when the writer's queue is full or closed. Updates run
 * on one writer thread, {@code dx-dev-live-writer}, with at most {@value #WRITER_QUEUE} waiting.
 */
final class LiveHttpRoutes implements AutoCloseable {

    /** The JSON media type of the answers. */
    static final String JSON_TYPE = "application/json; charset=utf-8";

    static final int WRITER_QUEUE = 64;

    private static final JsonFactory JSON = new JsonFactory();
    private static final String UPDATE = "update " + DemoDatabase.TABLE
            + " set qty = coalesce(?, qty), name = coalesce(?, name), updated_at = now() where id = ?";

    private final LiveData live;
    private final ThreadPoolExecutor writer;

    LiveHttpRoutes(LiveData live) {
        this.live = live;
        this.writer = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WRITER_QUEUE), r -> {
            Thread t = new Thread(r, "dx-dev-live-writer");
            t.setDaemon(true);
            return t;
        });
    }

    void addTo(CimHttpRouter.Builder router) {
        router.get("/api/query/{name}", this::query).post("/api/items/{id}", this::update);
    }

    private void query(HttpExchange x) {
        String name = x.pathParam("name");
        String params = x.queryParameter("params");
        QueryRequest request;
        try {
            request = new QueryRequest(name, params == null ? List.of() : QueryRequestParser.parseParams(params));
            live.get(request).whenComplete((result, error) -> answer(x, request, result, error));
        } catch (LiveRequestException e) {
            x.reject(e.isUnknownQuery() ? Rejection.NOT_FOUND : Rejection.BAD_REQUEST, e.getMessage());
        }
    }

    private void answer(HttpExchange x, QueryRequest request, CachedResult result, Throwable error) {
        if (error != null) {
            x.reject(Rejection.HANDLER_FAILED, LiveData.failure(error));
            return;
        }
        ByteBuf json;
        try (CachedResult r = result) {
            ByteBuf message = r.plainBody(x.channel().alloc());
            try {
                json = QueryResultJson.write(live.cache().layout(request.query()), message, x.channel().alloc());
            } finally {
                message.release();
            }
        }
        x.respond(HttpResponseStatus.OK, json, JSON_TYPE);
    }

    private void update(HttpExchange x) {
        int id;
        ItemUpdate change;
        try {
            id = id(x.pathParam("id"));
            change = ItemUpdate.parse(ByteBufUtil.getBytes(x.request().content()));
        } catch (LiveRequestException e) {
            x.reject(Rejection.BAD_REQUEST, e.getMessage());
            return;
        }
        try {
            writer.execute(() -> write(x, id, change));
        } catch (RejectedExecutionException e) {
            x.reject(Rejection.UNAVAILABLE, "too many updates waiting, or shutting down");
        }
    }

    private static int id(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new LiveRequestException("id : " + text + " (expected: an integer)");
        }
    }

    /** On the writer thread: the UPDATE, autocommit. */
    private void write(HttpExchange x, int id, ItemUpdate change) {
        int rows;
        try (Connection c = live.database().connect(); PreparedStatement s = c.prepareStatement(UPDATE)) {
            if (change.qty() == null) {
                s.setNull(1, Types.INTEGER);
            } else {
                s.setInt(1, change.qty());
            }
            s.setString(2, change.name());
            s.setInt(3, id);
            rows = s.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            x.reject(Rejection.HANDLER_FAILED, "update of item " + id + " failed: " + e.getMessage());
            return;
        }
        if (rows == 0) {
            x.reject(Rejection.NOT_FOUND, "no item " + id);
            return;
        }
        x.respond(HttpResponseStatus.OK, ByteBufUtil.writeUtf8(x.channel().alloc(), updated(id)), JSON_TYPE);
    }

    private static String updated(int id) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeBooleanField("updated", true);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Stops taking updates; those queued still run. */
    @Override
    public void close() {
        writer.shutdown();
    }
}
