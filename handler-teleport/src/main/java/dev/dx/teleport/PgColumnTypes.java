package dev.dx.teleport;

import java.util.Locale;
import java.util.Map;

/**
 * Teleport/1.1 §7's mapping from a PostgreSQL column type to a Teleport type. A type is named as
 * SQL writes it ({@code integer}, {@code double precision}, {@code character varying}) or as
 * PostgreSQL's catalog and JDBC's {@code getColumnTypeName} do ({@code int4}, {@code float8},
 * {@code varchar}, {@code bpchar}, {@code timestamptz}, {@code serial}); case, surrounding blanks
 * and a type modifier such as {@code (20)} or {@code (10,2)} do not matter.
 */
final class PgColumnTypes {

    /** The §7 list, as the error for an unsupported type gives it. */
    static final String SUPPORTED = "boolean, smallint, integer, bigint, real, double precision,"
            + " text, varchar, char, name, bytea, timestamp, timestamptz, date, uuid, numeric,"
            + " json, jsonb, or an enum type";

    private static final Map<String, TeleportFieldType> TYPES = Map.ofEntries(
            Map.entry("boolean", TeleportFieldType.BOOL),
            Map.entry("bool", TeleportFieldType.BOOL),
            Map.entry("smallint", TeleportFieldType.I16),
            Map.entry("int2", TeleportFieldType.I16),
            Map.entry("smallserial", TeleportFieldType.I16),
            Map.entry("integer", TeleportFieldType.I32),
            Map.entry("int", TeleportFieldType.I32),
            Map.entry("int4", TeleportFieldType.I32),
            Map.entry("serial", TeleportFieldType.I32),
            Map.entry("bigint", TeleportFieldType.I64),
            Map.entry("int8", TeleportFieldType.I64),
            Map.entry("bigserial", TeleportFieldType.I64),
            Map.entry("real", TeleportFieldType.F32),
            Map.entry("float4", TeleportFieldType.F32),
            Map.entry("double precision", TeleportFieldType.F64),
            Map.entry("float8", TeleportFieldType.F64),
            Map.entry("text", TeleportFieldType.STRING),
            Map.entry("varchar", TeleportFieldType.STRING),
            Map.entry("character varying", TeleportFieldType.STRING),
            Map.entry("char", TeleportFieldType.STRING),
            Map.entry("character", TeleportFieldType.STRING),
            Map.entry("bpchar", TeleportFieldType.STRING),
            Map.entry("name", TeleportFieldType.STRING),
            Map.entry("json", TeleportFieldType.STRING),
            Map.entry("jsonb", TeleportFieldType.STRING),
            Map.entry("bytea", TeleportFieldType.BYTES),
            Map.entry("timestamp", TeleportFieldType.TIMESTAMP),
            Map.entry("timestamp without time zone", TeleportFieldType.TIMESTAMP),
            Map.entry("timestamptz", TeleportFieldType.TIMESTAMP),
            Map.entry("timestamp with time zone", TeleportFieldType.TIMESTAMP),
            Map.entry("date", TeleportFieldType.DATE),
            Map.entry("uuid", TeleportFieldType.UUID),
            Map.entry("numeric", TeleportFieldType.DECIMAL),
            Map.entry("decimal", TeleportFieldType.DECIMAL));

    private PgColumnTypes() {
    }

    /** The Teleport type of a column of PostgreSQL type {@code pgType}, or {@code null} if §7 has none. */
    static TeleportFieldType teleportType(String pgType) {
        return TYPES.get(normalize(pgType));
    }

    /**
     * {@code pgType} lowercased, trimmed, without a type modifier ({@code varchar(20)},
     * {@code timestamp(3) with time zone}), inner blanks collapsed, and without the quotes
     * PostgreSQL puts around {@code "char"}.
     */
    static String normalize(String pgType) {
        String type = pgType.trim().toLowerCase(Locale.ROOT).replaceAll("\\s*\\([0-9,\\s]*\\)", " ")
                .replaceAll("\\s+", " ").trim();
        if (type.length() > 2 && type.startsWith("\"") && type.endsWith("\"")) {
            type = type.substring(1, type.length() - 1);
        }
        return type;
    }
}
