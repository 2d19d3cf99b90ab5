package dev.dx.dbteleport.internal;

import dev.dx.teleport.TeleportQueryResult;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Validates a query at registration, on one connection: prepares it and reads its result columns
 * (labels, type names, nullability, and whether each type is an enum, from {@code pg_type}) and its
 * parameters; resolves its tables with {@code to_regclass}; checks the key column is a column of
 * each; builds the §7 layout; and asks the change feed to watch each table. Every failure is an
 * {@link IllegalArgumentException} whose message starts with {@code query <name>:} and names the
 * culprit.
 */
public final class QueryRegistrar {

    private final Generations generations;

    /** A registrar whose queries get their generation counters from {@code generations}. */
    public QueryRegistrar(Generations generations) {
        this.generations = generations;
    }

    /**
     * Validates and describes the query; calls {@code feed.watch} for each table when {@code feed}
     * is not {@code null}.
     */
    public RegisteredQuery register(Connection connection, String name, String sql, List<String> tables,
            String keyColumn, ChangeFeed feed) throws SQLException {
        List<String> resolved = new ArrayList<>(tables.size());
        for (String table : tables) {
            resolved.add(resolveTable(connection, name, table));
        }
        if (keyColumn != null) {
            for (String table : resolved) {
                checkColumn(connection, name, table, keyColumn);
            }
        }
        List<TeleportQueryResult.Column> columns = new ArrayList<>();
        ParamKind[] params;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ResultSetMetaData md = ps.getMetaData();
            if (md == null || md.getColumnCount() == 0) {
                throw error(name, "the statement returns no columns (expected: a query)");
            }
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String type = md.getColumnTypeName(i);
                columns.add(new TeleportQueryResult.Column(md.getColumnLabel(i), type,
                        md.isNullable(i) == ResultSetMetaData.columnNoNulls, isEnum(connection, type)));
            }
            params = params(name, ps.getParameterMetaData());
        } catch (SQLException e) {
            throw error(name, "the SQL does not prepare: " + e.getMessage(), e);
        }
        if (keyColumn != null && params.length == 0) {
            throw error(name, "key column " + keyColumn + " given, but the query has no parameters"
                    + " (expected: the key value as parameter 1)");
        }
        TeleportQueryResult layout;
        try {
            layout = TeleportQueryResult.layout(name, columns);
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage(), e);
        }
        ColumnKind[] kinds = new ColumnKind[columns.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = ColumnKind.of(layout.field(i).type(), columns.get(i).pgType());
        }
        // notifications name tables as schema.table in lowercase (InvalidationSink); the index does too
        List<String> indexed = new ArrayList<>(resolved.size());
        AtomicLong[] counters = new AtomicLong[resolved.size()];
        for (int i = 0; i < counters.length; i++) {
            indexed.add(resolved.get(i).toLowerCase(Locale.ROOT));
            counters[i] = generations.counter(indexed.get(i));
        }
        if (feed != null) {
            for (String table : resolved) {
                feed.watch(connection, table, keyColumn);
            }
        }
        return new RegisteredQuery(name, sql, layout, kinds, params, indexed, counters, keyColumn);
    }

    private static ParamKind[] params(String name, ParameterMetaData pmd) throws SQLException {
        int n = pmd == null ? 0 : pmd.getParameterCount();
        ParamKind[] kinds = new ParamKind[n];
        for (int i = 1; i <= n; i++) {
            String typeName = pmd.getParameterTypeName(i);
            ParamKind kind = ParamKind.of(pmd.getParameterType(i), typeName);
            if (kind == null) {
                throw error(name, "parameter " + i + " has type " + typeName + ", which get() cannot bind"
                        + " (expected: an integer, float, numeric, text, boolean, uuid, date, timestamp or bytea type)");
            }
            kinds[i - 1] = kind;
        }
        return kinds;
    }

    /** {@code schema.table}, lowercase, of an existing table or view. */
    private static String resolveTable(Connection c, String name, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select n.nspname, cl.relname from pg_class cl"
                + " join pg_namespace n on n.oid = cl.relnamespace where cl.oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw error(name, "dependent table \"" + table + "\" does not exist");
                }
                return rs.getString(1) + "." + rs.getString(2);
            }
        } catch (SQLException e) {
            throw error(name, "dependent table \"" + table + "\" cannot be resolved: " + e.getMessage(), e);
        }
    }

    private static void checkColumn(Connection c, String name, String table, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from pg_attribute where attrelid = to_regclass(?)"
                + " and attname = ? and attnum > 0 and not attisdropped")) {
            ps.setString(1, table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw error(name, "key column \"" + column + "\" is not a column of dependent table " + table
                            + " (expected: a column of every dependent table)");
                }
            }
        }
    }

    private static boolean isEnum(Connection c, String typeName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select typtype from pg_type where oid = to_regtype(?)")) {
            ps.setString(1, typeName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "e".equals(rs.getString(1));
            }
        }
    }

    private static IllegalArgumentException error(String name, String message) {
        return new IllegalArgumentException("query " + name + ": " + message);
    }

    private static IllegalArgumentException error(String name, String message, Throwable cause) {
        return new IllegalArgumentException("query " + name + ": " + message, cause);
    }
}
