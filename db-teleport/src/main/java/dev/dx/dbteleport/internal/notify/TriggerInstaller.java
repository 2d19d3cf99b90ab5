package dev.dx.dbteleport.internal.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Installs the notification triggers of one channel on a table ({@link PgChangeFeed#watch}).
 *
 * <p>Idempotent, and safe when several instances install at once: everything runs in one transaction
 * that first takes the transaction-scoped advisory lock {@link #LOCK_KEY}, so installers queue behind
 * each other; the function is replaced ({@code CREATE OR REPLACE FUNCTION}) and each trigger is
 * created only if no trigger of its name exists on the table. A trigger's name is derived from the
 * format version, the channel and the key column, so an existing trigger of that name is the same
 * trigger. This needs nothing newer than PostgreSQL 10 (transition tables); {@code CREATE OR REPLACE
 * TRIGGER} (14) is not used.
 *
 * <p>Two watches of one table with different key columns install both sets of triggers; the sink then
 * hears both columns' values for the table, which invalidates more than needed but never too little.
 * A watch without a key column on a table that has keyed triggers of the channel installs nothing, and
 * a keyed watch drops the channel's table-wide trigger of a watch without key: every statement that
 * changes rows then notifies with keys (the sink drops a table's unkeyed entries on any such change,
 * whatever the keys), TRUNCATE table-wide, and a change to one key no longer reaches the keyed entries
 * of the other keys through a table-wide notification.
 */
final class TriggerInstaller {

    /** The lowest {@code server_version_num} supported: 10.0, the first with transition tables. */
    static final int MIN_SERVER_VERSION = 100_000;

    /** The advisory lock that serializes installers ("dxdbtptr" in ASCII). */
    static final long LOCK_KEY = 0x6478_6462_7470_7472L;

    private static final String TRIGGER_PREFIX = "dx_dbteleport_v1_";

    private final String channel;

    TriggerInstaller(String channel) {
        this.channel = channel;
    }

    /** See {@link dev.dx.dbteleport.internal.ChangeFeed#watch}. */
    void install(Connection connection, String table, String keyColumn) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            installInTransaction(connection, table, keyColumn);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void installInTransaction(Connection connection, String table, String keyColumn) throws SQLException {
        checkServerVersion(connection);
        ResolvedTable resolved = resolve(connection, table);
        if (keyColumn != null) {
            checkColumn(connection, resolved, keyColumn);
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_KEY);
            lock.execute();
        }
        String schema = TriggerSql.identifier(resolved.schema());
        String quotedTable = schema + "." + TriggerSql.identifier(resolved.name());
        try (Statement s = connection.createStatement()) {
            s.execute(TriggerSql.createFunction(schema));
            String base = TRIGGER_PREFIX + nameHash(keyColumn);
            String keylessTrigger = TRIGGER_PREFIX + nameHash(null) + "_all";
            if (keyColumn == null) {
                if (hasKeyedTriggers(connection, resolved)) {
                    return; // they already notify every change that touches rows, and TRUNCATE
                }
                createIfAbsent(connection, s, resolved, base + "_all", TriggerSql.createTableWideTrigger(
                        TriggerSql.identifier(base + "_all"), quotedTable, schema,
                        "INSERT OR UPDATE OR DELETE OR TRUNCATE", channel));
                return;
            }
            for (String event : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                String name = base + "_" + event.substring(0, 3).toLowerCase(Locale.ROOT);
                createIfAbsent(connection, s, resolved, name, TriggerSql.createKeyedTrigger(
                        TriggerSql.identifier(name), quotedTable, schema, event, channel, keyColumn));
            }
            createIfAbsent(connection, s, resolved, base + "_tru", TriggerSql.createTableWideTrigger(
                    TriggerSql.identifier(base + "_tru"), quotedTable, schema, "TRUNCATE", channel));
            s.execute("DROP TRIGGER IF EXISTS " + TriggerSql.identifier(keylessTrigger) + " ON " + quotedTable);
        }
    }

    /** Whether the table has a keyed trigger of this installer's channel (two arguments, the first the channel). */
    private boolean hasKeyedTriggers(Connection connection, ResolvedTable table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM pg_trigger WHERE tgrelid = ?::oid"
                + " AND tgname LIKE 'dx\\_dbteleport\\_v1\\_%' AND tgnargs = 2"
                + " AND substring(tgargs FROM 1 FOR octet_length(convert_to(?, 'UTF8')) + 1)"
                + " = convert_to(?, 'UTF8') || decode('00', 'hex')")) {
            s.setLong(1, table.oid());
            s.setString(2, channel);
            s.setString(3, channel);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void checkServerVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            r.next();
            int version = r.getInt(1);
            if (version < MIN_SERVER_VERSION) {
                throw new SQLException("PostgreSQL server_version_num " + version + " is too old: the change feed"
                        + " needs " + MIN_SERVER_VERSION + " or later (statement triggers with transition tables)");
            }
        }
    }

    private static ResolvedTable resolve(Connection connection, String table) throws SQLException {
        if (table == null || table.isBlank()) {
            throw new SQLException("unknown table: empty name");
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT c.oid, n.nspname, c.relname, c.relkind"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass(?)")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("unknown table: " + table, "42P01");
                }
                String kind = r.getString(4);
                if (!"r".equals(kind) && !"p".equals(kind)) {
                    throw new SQLException("not a table: " + table + " (relkind " + kind
                            + "; only tables and partitioned tables can be watched)", "42809");
                }
                return new ResolvedTable(r.getLong(1), r.getString(2), r.getString(3));
            }
        }
    }

    private static void checkColumn(Connection connection, ResolvedTable table, String column) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT 1 FROM pg_attribute"
                + " WHERE attrelid = ?::oid AND attname = ? AND attnum > 0 AND NOT attisdropped")) {
            s.setLong(1, table.oid());
            s.setString(2, column);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("unknown column: " + column + " in table " + table.qualified(), "42703");
                }
            }
        }
    }

    private static void createIfAbsent(Connection connection, Statement statement, ResolvedTable table, String name,
            String sql) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT 1 FROM pg_trigger WHERE tgrelid = ?::oid AND tgname = ?")) {
            s.setLong(1, table.oid());
            s.setString(2, name);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return;
                }
            }
        }
        statement.execute(sql);
    }

    /** Ten hex digits of SHA-256 over the channel and the key column: part of the trigger names. */
    private String nameHash(String keyColumn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (channel + '\0' + (keyColumn == null ? "" : keyColumn)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private record ResolvedTable(long oid, String schema, String name) {
        String qualified() {
            return schema + "." + name;
        }
    }
}
