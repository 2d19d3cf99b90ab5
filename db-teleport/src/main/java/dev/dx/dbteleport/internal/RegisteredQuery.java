package dev.dx.dbteleport.internal;

import dev.dx.teleport.TeleportQueryResult;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A query as {@code register} validated it: its SQL, the §7 layout of its result with a reader per
 * column, its parameters' kinds, its tables (as {@code schema.table}, lowercase) with their
 * generation counters, and its key column. Immutable.
 */
public final class RegisteredQuery {

    private final String name;
    private final String sql;
    private final TeleportQueryResult layout;
    private final ColumnKind[] columns;
    private final ParamKind[] params;
    private final List<String> tables;
    private final AtomicLong[] generations;
    private final String keyColumn;

    /** A validated query; the arrays are the caller's and must not change afterwards. */
    public RegisteredQuery(String name, String sql, TeleportQueryResult layout, ColumnKind[] columns,
            ParamKind[] params, List<String> tables, AtomicLong[] generations, String keyColumn) {
        this.name = name;
        this.sql = sql;
        this.layout = layout;
        this.columns = columns;
        this.params = params;
        this.tables = List.copyOf(tables);
        this.generations = generations;
        this.keyColumn = keyColumn;
    }

    /** The registered name. */
    public String name() {
        return name;
    }

    /** The SQL text. */
    public String sql() {
        return sql;
    }

    /** The §7 layout of the result. */
    public TeleportQueryResult layout() {
        return layout;
    }

    /** How each column is read and written, in select-list order. */
    ColumnKind[] columns() {
        return columns;
    }

    /** The number of parameters. */
    public int paramCount() {
        return params.length;
    }

    /** The kind of parameter {@code index} (0-based). */
    public ParamKind param(int index) {
        return params[index];
    }

    /** The dependent tables, {@code schema.table}, lowercase. */
    public List<String> tables() {
        return tables;
    }

    /** The generation counters of {@link #tables()}, in the same order. */
    AtomicLong[] generations() {
        return generations;
    }

    /** The key column, or {@code null} for a query invalidated by whole tables only. */
    public String keyColumn() {
        return keyColumn;
    }

    /** Whether the query is keyed: its first parameter is the key column's value. */
    public boolean keyed() {
        return keyColumn != null;
    }

    @Override
    public String toString() {
        return "query " + name;
    }
}
