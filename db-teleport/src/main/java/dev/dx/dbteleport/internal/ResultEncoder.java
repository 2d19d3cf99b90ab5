package dev.dx.dbteleport.internal;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportQueryResult;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ResultSet} as one Teleport message laid out as Teleport/1.1 §7: the root struct's
 * {@code rows} slice holds one row struct per result row, each column in its field ({@code optional}
 * when the column may be NULL). The rows are read first (the slice's length precedes its elements),
 * then written with a {@link TeleportWriter} into a buffer from the given allocator.
 */
public final class ResultEncoder {

    private ResultEncoder() {
    }

    /** The encoded message and its number of rows. */
    public record Encoded(ByteBuf message, int rowCount) {
    }

    /**
     * Reads every row of {@code rs} and writes them as {@code query}'s result message; the caller
     * owns the returned buffer.
     *
     * @throws IllegalStateException if the result has more than {@code maxRows} rows, or a column
     *         declared NOT NULL holds NULL (an outer join can do that), naming the query, row and
     *         column
     */
    public static Encoded encode(RegisteredQuery query, ResultSet rs, ByteBufAllocator alloc, int maxRows)
            throws SQLException {
        ColumnKind[] kinds = query.columns();
        int n = kinds.length;
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() == maxRows) {
                throw new IllegalStateException("query " + query.name() + ": more than " + maxRows
                        + " rows (maxRows; the result is neither served nor cached)");
            }
            Object[] row = new Object[n];
            for (int c = 0; c < n; c++) {
                row[c] = kinds[c].read(rs, c + 1);
            }
            rows.add(row);
        }
        return new Encoded(write(query, rows, alloc), rows.size());
    }

    private static ByteBuf write(RegisteredQuery query, List<Object[]> rows, ByteBufAllocator alloc) {
        TeleportQueryResult layout = query.layout();
        TeleportStruct rowStruct = layout.row();
        List<TeleportStruct.Field> fields = rowStruct.fields();
        ColumnKind[] kinds = query.columns();
        TeleportWriter writer = new TeleportWriter(alloc);
        int root = writer.begin(layout.layout());
        try {
            int size = rowStruct.layout().size();
            int first = writer.putSlice(root + layout.root().offset("rows"), rows.size(), size,
                    rowStruct.layout().align());
            for (int r = 0; r < rows.size(); r++) {
                Object[] row = rows.get(r);
                int rowAt = first + r * size;
                for (int c = 0; c < kinds.length; c++) {
                    TeleportStruct.Field field = fields.get(c);
                    int at = rowAt + field.offset();
                    Object value = row[c];
                    if (field.type().kind() == TeleportFieldType.Kind.OPTIONAL) {
                        if (value == null) {
                            writer.putAbsent(at, field.type());
                            continue;
                        }
                        at = writer.putPresent(at, field.type());
                    } else if (value == null) {
                        throw new IllegalStateException("query " + query.name() + ": row " + (r + 1) + " column "
                                + (c + 1) + " \"" + layout.columns().get(c).label()
                                + "\" is NULL, but the database declares it NOT NULL");
                    }
                    kinds[c].write(writer, at, value);
                }
            }
            return writer.finish();
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
    }
}
