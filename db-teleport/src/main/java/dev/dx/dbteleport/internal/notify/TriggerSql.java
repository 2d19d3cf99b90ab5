package dev.dx.dbteleport.internal.notify;

/**
 * The SQL that the feed installs (PostgreSQL 10 or later: transition tables; the triggers say
 * {@code EXECUTE PROCEDURE}, which 10 needs and later versions still accept): one trigger function per schema, and the statements that attach it
 * to a table. Text only; {@link TriggerInstaller} runs it.
 *
 * <p>The function, {@code <schema>.dx_dbteleport_notify()}, serves every channel and table: a trigger
 * passes it the channel as {@code TG_ARGV[0]} and, when the table is watched by key, the key column as
 * {@code TG_ARGV[1]}. It writes the payload of {@link NotificationPayload}:
 * <ul>
 *   <li>TRUNCATE, or no key column: a table-wide notification;</li>
 *   <li>INSERT / UPDATE / DELETE with a key column: the distinct non-NULL key values of the
 *       statement's transition tables (new rows, old rows, or both for UPDATE), one notification per
 *       statement; nothing when the statement changed no row; a table-wide notification when there
 *       are more than {@value #MAX_KEYS} distinct keys or the payload would be longer than
 *       {@value #MAX_PAYLOAD_BYTES} bytes (NOTIFY refuses 8,000).</li>
 * </ul>
 * The transition tables are read through {@code EXECUTE}, so no plan is cached across the tables
 * that share the function.
 */
final class TriggerSql {

    /** The name of the trigger function, in the watched table's schema. */
    static final String FUNCTION_NAME = "dx_dbteleport_notify";

    /** Above this many bytes a payload becomes table-wide (NOTIFY's limit is 8,000). */
    static final int MAX_PAYLOAD_BYTES = 7_800;

    /**
     * Above this many distinct keys a payload becomes table-wide without building the list: each key
     * costs at least three characters ({@code 1:x}), so more could never fit.
     */
    static final int MAX_KEYS = MAX_PAYLOAD_BYTES / 3;

    /** The name of the transition table of old rows (UPDATE, DELETE). */
    static final String OLD_ROWS = "dx_old_rows";

    /** The name of the transition table of new rows (INSERT, UPDATE). */
    static final String NEW_ROWS = "dx_new_rows";

    private TriggerSql() {
    }

    /** {@code CREATE OR REPLACE FUNCTION} of the trigger function in {@code quotedSchema}. */
    static String createFunction(String quotedSchema) {
        return "CREATE OR REPLACE FUNCTION " + quotedSchema + "." + FUNCTION_NAME + "() RETURNS trigger\n"
                + "LANGUAGE plpgsql AS $dx$\n"
                + "DECLARE\n"
                + "  tbl text := TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME;\n"
                + "  head text := 'dx1;' || floor(extract(epoch FROM clock_timestamp()) * 1000000)::bigint || ';';\n"
                + "  wide text := head || 'T;' || length(tbl) || ':' || tbl;\n"
                + "  rows_sql text;\n"
                + "  any_row boolean;\n"
                + "  n_keys bigint;\n"
                + "  key_list text;\n"
                + "  payload text;\n"
                + "BEGIN\n"
                + "  IF TG_NARGS < 2 OR TG_OP = 'TRUNCATE' THEN\n"
                + "    PERFORM pg_notify(TG_ARGV[0], wide);\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + "  rows_sql := CASE TG_OP\n"
                + "    WHEN 'INSERT' THEN format('SELECT (%1$I)::text AS k FROM " + NEW_ROWS + "', TG_ARGV[1])\n"
                + "    WHEN 'DELETE' THEN format('SELECT (%1$I)::text AS k FROM " + OLD_ROWS + "', TG_ARGV[1])\n"
                + "    ELSE format('SELECT (%1$I)::text AS k FROM " + OLD_ROWS
                + " UNION ALL SELECT (%1$I)::text FROM " + NEW_ROWS + "', TG_ARGV[1])\n"
                + "  END;\n"
                + "  EXECUTE 'SELECT EXISTS (' || rows_sql || ')' INTO any_row;\n"
                + "  IF NOT any_row THEN\n"
                + "    RETURN NULL;\n"
                + "  END IF;\n"
                + "  EXECUTE 'SELECT count(*), string_agg(length(k) || '':'' || k, '''' ORDER BY k)'\n"
                + "    || ' FROM (SELECT DISTINCT k FROM (' || rows_sql || ') r WHERE k IS NOT NULL LIMIT "
                + (MAX_KEYS + 1) + ") d'\n"
                + "    INTO n_keys, key_list;\n"
                + "  payload := head || 'K;' || length(tbl) || ':' || tbl || coalesce(key_list, '');\n"
                + "  IF n_keys > " + MAX_KEYS + " OR octet_length(payload) > " + MAX_PAYLOAD_BYTES + " THEN\n"
                + "    payload := wide;\n"
                + "  END IF;\n"
                + "  PERFORM pg_notify(TG_ARGV[0], payload);\n"
                + "  RETURN NULL;\n"
                + "END\n"
                + "$dx$";
    }

    /**
     * {@code CREATE TRIGGER} for one event of a keyed watch: AFTER {@code event} FOR EACH STATEMENT,
     * with the transition table(s) that event has.
     *
     * @param event {@code INSERT}, {@code UPDATE} or {@code DELETE}
     */
    static String createKeyedTrigger(String quotedTriggerName, String quotedTable, String quotedSchema,
            String event, String channel, String keyColumn) {
        String referencing = switch (event) {
            case "INSERT" -> "NEW TABLE AS " + NEW_ROWS;
            case "DELETE" -> "OLD TABLE AS " + OLD_ROWS;
            case "UPDATE" -> "OLD TABLE AS " + OLD_ROWS + " NEW TABLE AS " + NEW_ROWS;
            default -> throw new IllegalArgumentException("event : " + event + " (expected: INSERT, UPDATE, DELETE)");
        };
        return "CREATE TRIGGER " + quotedTriggerName + " AFTER " + event + " ON " + quotedTable
                + " REFERENCING " + referencing + " FOR EACH STATEMENT EXECUTE PROCEDURE " + quotedSchema + "."
                + FUNCTION_NAME + "(" + literal(channel) + ", " + literal(keyColumn) + ")";
    }

    /**
     * {@code CREATE TRIGGER} for a table-wide notification after {@code events} (for example
     * {@code TRUNCATE}, or {@code INSERT OR UPDATE OR DELETE OR TRUNCATE} for a table without a key).
     */
    static String createTableWideTrigger(String quotedTriggerName, String quotedTable, String quotedSchema,
            String events, String channel) {
        return "CREATE TRIGGER " + quotedTriggerName + " AFTER " + events + " ON " + quotedTable
                + " FOR EACH STATEMENT EXECUTE PROCEDURE " + quotedSchema + "." + FUNCTION_NAME + "("
                + literal(channel) + ")";
    }

    /** A SQL identifier in double quotes. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * A SQL string literal that means the same whatever {@code standard_conforming_strings} says: an
     * escape string ({@code E'...'}) when the value holds a backslash.
     */
    static String literal(String value) {
        String quoted = value.replace("'", "''");
        return value.indexOf('\\') < 0 ? "'" + quoted + "'" : "E'" + quoted.replace("\\", "\\\\") + "'";
    }
}
