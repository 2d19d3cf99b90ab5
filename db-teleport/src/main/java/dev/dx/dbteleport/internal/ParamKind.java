package dev.dx.dbteleport.internal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.UUID;

/**
 * The kinds of query parameter DbTeleport accepts, from the parameter's type as the prepared
 * statement's metadata gives it: each checks a value given to {@code get}, normalises it into the
 * form the cache key holds (so equal values give equal keys whatever their Java type), and binds it.
 * A {@code null} value is accepted for every kind and bound as SQL NULL.
 */
public enum ParamKind {

    /** smallint: Short, Integer or Long within range; held as Long. */
    SMALLINT("smallint (Short, Integer or Long)", Short.MIN_VALUE, Short.MAX_VALUE),
    /** integer: Short, Integer or Long within range; held as Long. */
    INTEGER("integer (Short, Integer or Long)", Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** bigint: Short, Integer or Long; held as Long. */
    BIGINT("bigint (Short, Integer or Long)", Long.MIN_VALUE, Long.MAX_VALUE),
    /** real and double precision: Float or Double; held as Double. */
    FLOAT("real or double precision (Float or Double)", 0, 0),
    /** numeric: BigDecimal or an integer; held as BigDecimal without trailing zeros. */
    NUMERIC("numeric (BigDecimal, Short, Integer or Long)", 0, 0),
    /** text, varchar, char, name: String. */
    TEXT("text (String)", 0, 0),
    /**
     * An enum type (or another type PostgreSQL describes as text): String, sent untyped so the
     * server reads it as the parameter's type.
     */
    ENUM("an enum label (String)", 0, 0),
    /** boolean: Boolean. */
    BOOLEAN("boolean (Boolean)", 0, 0),
    /** uuid: UUID. */
    UUID_("uuid (UUID)", 0, 0),
    /** date: LocalDate. */
    DATE("date (LocalDate)", 0, 0),
    /** timestamp without time zone: LocalDateTime, or an Instant read as UTC; held as LocalDateTime. */
    TIMESTAMP("timestamp (LocalDateTime or Instant)", 0, 0),
    /** timestamp with time zone: Instant or OffsetDateTime; held as an OffsetDateTime in UTC. */
    TIMESTAMPTZ("timestamptz (Instant or OffsetDateTime)", 0, 0),
    /** bytea: byte[] (copied). */
    BYTES("bytea (byte[])", 0, 0);

    private final String expected;
    private final long min;
    private final long max;

    ParamKind(String expected, long min, long max) {
        this.expected = expected;
        this.min = min;
        this.max = max;
    }

    /** What a value of this kind may be, for error messages. */
    public String expected() {
        return expected;
    }

    /**
     * The kind of a parameter whose type PostgreSQL inferred as {@code typeName} (JDBC type
     * {@code sqlType}), or {@code null} when DbTeleport does not accept it.
     */
    public static ParamKind of(int sqlType, String typeName) {
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        switch (name) {
            case "int2": return SMALLINT;
            case "int4": return INTEGER;
            case "int8": return BIGINT;
            case "float4": case "float8": return FLOAT;
            case "numeric": return NUMERIC;
            case "text": case "varchar": case "bpchar": case "name": return TEXT;
            case "bool": return BOOLEAN;
            case "uuid": return UUID_;
            case "date": return DATE;
            case "timestamp": return TIMESTAMP;
            case "timestamptz": return TIMESTAMPTZ;
            case "bytea": return BYTES;
            default: return sqlType == Types.VARCHAR ? ENUM : null;
        }
    }

    /**
     * {@code value}, parameter {@code index} (1-based) of query {@code query}, in the form the key
     * holds, or {@code null} for {@code null}. The error message is built only when it is thrown: this
     * runs on every lookup.
     *
     * @throws IllegalArgumentException naming the query and parameter, if the value is not of this kind
     */
    public Object normalize(Object value, String query, int index) {
        if (value == null) {
            return null;
        }
        switch (this) {
            case SMALLINT: case INTEGER: case BIGINT:
                if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    long v = ((Number) value).longValue();
                    if (v < min || v > max) {
                        throw new IllegalArgumentException(where(query, index) + " : " + value + " (expected: "
                                + expected + " in " + min + ".." + max + ")");
                    }
                    return v;
                }
                break;
            case FLOAT:
                if (value instanceof Double || value instanceof Float) {
                    return ((Number) value).doubleValue();
                }
                break;
            case NUMERIC:
                if (value instanceof BigDecimal) {
                    BigDecimal d = ((BigDecimal) value).stripTrailingZeros();
                    return d.scale() < 0 ? d.setScale(0) : d;
                }
                if (value instanceof Long || value instanceof Integer || value instanceof Short) {
                    return BigDecimal.valueOf(((Number) value).longValue());
                }
                break;
            case TEXT: case ENUM:
                if (value instanceof String) {
                    return value;
                }
                break;
            case BOOLEAN:
                if (value instanceof Boolean) {
                    return value;
                }
                break;
            case UUID_:
                if (value instanceof UUID) {
                    return value;
                }
                break;
            case DATE:
                if (value instanceof LocalDate) {
                    return value;
                }
                break;
            case TIMESTAMP:
                if (value instanceof LocalDateTime) {
                    return value;
                }
                if (value instanceof Instant) {
                    return LocalDateTime.ofInstant((Instant) value, ZoneOffset.UTC);
                }
                break;
            case TIMESTAMPTZ:
                if (value instanceof Instant) {
                    return ((Instant) value).atOffset(ZoneOffset.UTC);
                }
                if (value instanceof OffsetDateTime) {
                    return ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
                }
                break;
            case BYTES:
                if (value instanceof byte[]) {
                    return ((byte[]) value).clone();
                }
                break;
            default:
                break;
        }
        throw new IllegalArgumentException(where(query, index) + " : " + value.getClass().getName() + " (expected: "
                + expected + ")");
    }

    private static String where(String query, int index) {
        return "query " + query + ": parameter " + index;
    }

    /** Binds a normalised {@code value} (or SQL NULL) as parameter {@code index} (1-based). */
    public void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, sqlType());
            return;
        }
        switch (this) {
            case SMALLINT: statement.setShort(index, ((Long) value).shortValue()); break;
            case INTEGER: statement.setInt(index, ((Long) value).intValue()); break;
            case BIGINT: statement.setLong(index, (Long) value); break;
            case FLOAT: statement.setDouble(index, (Double) value); break;
            case BYTES: statement.setBytes(index, (byte[]) value); break;
            case ENUM: statement.setObject(index, value, Types.OTHER); break;
            default: statement.setObject(index, value); break;
        }
    }

    private int sqlType() {
        switch (this) {
            case SMALLINT: return Types.SMALLINT;
            case INTEGER: return Types.INTEGER;
            case BIGINT: return Types.BIGINT;
            case FLOAT: return Types.DOUBLE;
            case NUMERIC: return Types.NUMERIC;
            case BOOLEAN: return Types.BOOLEAN;
            case DATE: return Types.DATE;
            case TIMESTAMP: return Types.TIMESTAMP;
            case TIMESTAMPTZ: return Types.TIMESTAMP_WITH_TIMEZONE;
            case BYTES: return Types.BINARY;
            case UUID_: case ENUM: return Types.OTHER;
            default: return Types.VARCHAR;
        }
    }

    /**
     * A key value as PostgreSQL's text form of it, as change notifications list keys: integers and
     * uuids as their usual text, strings as they are, numerics in plain notation.
     */
    public static String keyText(Object value) {
        if (value instanceof BigDecimal) {
            return ((BigDecimal) value).toPlainString();
        }
        return String.valueOf(value);
    }
}
