package dev.dx.dbteleport.internal;

import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportWriter;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * How one result column is read from a {@link ResultSet} and written as its §7 field: one constant
 * per Teleport type that §7 maps a PostgreSQL type to (with the two timestamps apart, since
 * {@code timestamp} without time zone is read as UTC).
 */
public enum ColumnKind {

    /** boolean → bool. */
    BOOL,
    /** smallint → i16. */
    I16,
    /** integer → i32. */
    I32,
    /** bigint → i64. */
    I64,
    /** real → f32. */
    F32,
    /** double precision → f64. */
    F64,
    /** text, varchar, char, name, json, jsonb and enum types → string. */
    STRING,
    /** bytea → bytes. */
    BYTES,
    /** timestamptz → timestamp. */
    TIMESTAMPTZ,
    /** timestamp without time zone → timestamp, read as UTC. */
    TIMESTAMP_UTC,
    /** date → date. */
    DATE,
    /** uuid → uuid. */
    UUID_,
    /** numeric → decimal. */
    DECIMAL;

    /**
     * The kind of a column whose field type is {@code type} (the value type for an optional) and
     * whose PostgreSQL type name is {@code pgType}.
     */
    public static ColumnKind of(TeleportFieldType type, String pgType) {
        TeleportFieldType t = type.kind() == TeleportFieldType.Kind.OPTIONAL ? type.element() : type;
        switch (t.kind()) {
            case STRING: return STRING;
            case BYTES: return BYTES;
            case DATE: return DATE;
            case UUID: return UUID_;
            case DECIMAL: return DECIMAL;
            case TIMESTAMP:
                return pgType.toLowerCase(java.util.Locale.ROOT).replace(" ", "").contains("withtimezone")
                        || pgType.equalsIgnoreCase("timestamptz") ? TIMESTAMPTZ : TIMESTAMP_UTC;
            default:
                break;
        }
        if (t.equals(TeleportFieldType.BOOL)) {
            return BOOL;
        }
        if (t.equals(TeleportFieldType.I16)) {
            return I16;
        }
        if (t.equals(TeleportFieldType.I32)) {
            return I32;
        }
        if (t.equals(TeleportFieldType.I64)) {
            return I64;
        }
        if (t.equals(TeleportFieldType.F32)) {
            return F32;
        }
        if (t.equals(TeleportFieldType.F64)) {
            return F64;
        }
        throw new IllegalArgumentException("type : " + type + " (expected: a §7 column type)");
    }

    /** Column {@code column} (1-based) of the current row, or {@code null} for SQL NULL. */
    public Object read(ResultSet rs, int column) throws SQLException {
        Object value;
        switch (this) {
            case BOOL: value = rs.getBoolean(column); break;
            case I16: value = rs.getShort(column); break;
            case I32: value = rs.getInt(column); break;
            case I64: value = rs.getLong(column); break;
            case F32: value = rs.getFloat(column); break;
            case F64: value = rs.getDouble(column); break;
            case STRING: value = rs.getString(column); break;
            case BYTES: value = rs.getBytes(column); break;
            case TIMESTAMPTZ: {
                OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                value = t == null ? null : t.toInstant();
                break;
            }
            case TIMESTAMP_UTC: {
                LocalDateTime t = rs.getObject(column, LocalDateTime.class);
                value = t == null ? null : t.toInstant(ZoneOffset.UTC);
                break;
            }
            case DATE: value = rs.getObject(column, LocalDate.class); break;
            case UUID_: value = rs.getObject(column, UUID.class); break;
            default: value = rs.getBigDecimal(column); break;
        }
        return rs.wasNull() ? null : value;
    }

    /** Writes a value {@link #read} returned (not {@code null}) at data offset {@code at}. */
    public void write(TeleportWriter writer, int at, Object value) {
        switch (this) {
            case BOOL: writer.putBoolean(at, (Boolean) value); break;
            case I16: writer.putShort(at, (Short) value); break;
            case I32: writer.putInt(at, (Integer) value); break;
            case I64: writer.putLong(at, (Long) value); break;
            case F32: writer.putFloat(at, (Float) value); break;
            case F64: writer.putDouble(at, (Double) value); break;
            case STRING: writer.putString(at, (String) value); break;
            case BYTES: writer.putBytes(at, (byte[]) value); break;
            case TIMESTAMPTZ: case TIMESTAMP_UTC: writer.putTimestamp(at, (Instant) value); break;
            case DATE: writer.putDate(at, (LocalDate) value); break;
            case UUID_: writer.putUuid(at, (UUID) value); break;
            default: writer.putDecimal(at, (BigDecimal) value); break;
        }
    }
}
