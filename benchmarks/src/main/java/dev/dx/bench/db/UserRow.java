package dev.dx.bench.db;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@link BenchDatabase#BY_ORG} as a Java object, for the peers that keep objects (an
 * object cache) or read them per request (pgjdbc), and that serialize them per request into the same
 * Teleport message the query cache stores.
 */
record UserRow(int id, String name, String email, Instant created, BigDecimal score, boolean active) {

    /** Reads every row of {@code rs}. */
    static List<UserRow> readAll(ResultSet rs) throws SQLException {
        List<UserRow> rows = new ArrayList<>();
        while (rs.next()) {
            java.sql.Timestamp created = rs.getTimestamp(4);
            rows.add(new UserRow(rs.getInt(1), rs.getString(2), rs.getString(3), created.toInstant(),
                    rs.getBigDecimal(5), rs.getBoolean(6)));
        }
        return rows;
    }

    /**
     * {@code rows} as one §7 message of {@code layout} (the query cache's layout of the same query),
     * in a new buffer from {@code alloc}: what a server that keeps objects does per request.
     */
    static ByteBuf encode(TeleportQueryResult layout, List<UserRow> rows, ByteBufAllocator alloc) {
        TeleportStruct row = layout.row();
        int size = row.layout().size();
        List<TeleportStruct.Field> f = row.fields();
        TeleportWriter writer = new TeleportWriter(alloc);
        int root = writer.begin(layout.layout());
        int first = writer.putSlice(root + layout.root().offset("rows"), rows.size(), size, row.layout().align());
        for (int r = 0; r < rows.size(); r++) {
            UserRow u = rows.get(r);
            int at = first + r * size;
            writer.putInt(at + f.get(0).offset(), u.id);
            writer.putString(at + f.get(1).offset(), u.name);
            putOptionalString(writer, at + f.get(2).offset(), f.get(2).type(), u.email);
            writer.putTimestamp(at + f.get(3).offset(), u.created);
            if (u.score == null) {
                writer.putAbsent(at + f.get(4).offset(), f.get(4).type());
            } else {
                writer.putDecimal(writer.putPresent(at + f.get(4).offset(), f.get(4).type()), u.score);
            }
            writer.putBoolean(at + f.get(5).offset(), u.active);
        }
        return writer.finish();
    }

    private static void putOptionalString(TeleportWriter writer, int at, TeleportFieldType type, String value) {
        if (value == null) {
            writer.putAbsent(at, type);
        } else {
            writer.putString(writer.putPresent(at, type), value);
        }
    }
}
