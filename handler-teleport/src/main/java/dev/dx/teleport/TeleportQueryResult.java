package dev.dx.teleport;

import static dev.dx.common.Checks.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a query result as one Teleport message (Teleport/1.1 §7), built from descriptions
 * of the result's columns: a root struct {@code <Query>} with one field, {@code rows}, a slice of
 * {@code <Query>Row} structs, each with one field per column in select-list order.
 *
 * <pre>
 * struct Users{rows:slice&lt;struct UsersRow{id:i64@0,name:optional&lt;string&gt;@8}#24:8&gt;@0}#8:4
 * </pre>
 *
 * <ul>
 *   <li>Field names come from the column labels: lowercased, every character (code point) other
 *       than {@code a-z}, {@code 0-9} and {@code _} replaced by {@code _}, a leading digit prefixed
 *       with {@code _}, and a name already used suffixed {@code _2}, {@code _3}, ... (the first
 *       suffix not yet used), in column order.</li>
 *   <li>Column types map as: boolean → bool, smallint → i16, integer → i32, bigint → i64, real →
 *       f32, double precision → f64, text, varchar, char, name, json, jsonb and every enum type →
 *       string, bytea → bytes, timestamp and timestamptz → timestamp, date → date, uuid → uuid,
 *       numeric → decimal. PostgreSQL's own names for these ({@code int4}, {@code float8},
 *       {@code bpchar}, ...), as JDBC reports them, are accepted too. Any other type is refused,
 *       naming the column and its type.</li>
 *   <li>A column not declared NOT NULL is {@code optional<T>}.</li>
 * </ul>
 *
 * <p>The root's fingerprint therefore changes exactly when a column's name, type or nullability
 * does. This class knows nothing of JDBC: the caller (the query cache) describes each column as a
 * {@link Column}. To write a result with a {@link TeleportWriter}, begin a message with
 * {@link #layout()}, reserve the rows with {@code putSlice} at the root's {@code rows} offset
 * (elements of the row struct's size and alignment), then put each row's fields at the offsets
 * {@link #row()} gives. Instances are immutable.
 */
public final class TeleportQueryResult {

    /**
     * One column of a result, as the database describes it.
     *
     * @param label the column label (its name in the select list)
     * @param pgType the PostgreSQL type name, for example {@code integer}, {@code int4} or
     *        {@code timestamp with time zone}; ignored for an enum type
     * @param notNull whether the column is declared NOT NULL (otherwise its field is an optional)
     * @param enumType whether the type is a PostgreSQL enum type (read as its label, a string)
     */
    public record Column(String label, String pgType, boolean notNull, boolean enumType) {

        /** Checks that {@code label} and {@code pgType} are given. */
        public Column {
            checkNotNull(label, "label");
            checkNotNull(pgType, "pgType");
        }

        /** A column of a non-enum type, declared NOT NULL. */
        public static Column notNull(String label, String pgType) {
            return new Column(label, pgType, true, false);
        }

        /** A column of a non-enum type that may hold NULL. */
        public static Column nullable(String label, String pgType) {
            return new Column(label, pgType, false, false);
        }
    }

    private final TeleportStruct root;
    private final TeleportStruct row;
    private final List<Column> columns;

    private TeleportQueryResult(TeleportStruct root, TeleportStruct row, List<Column> columns) {
        this.root = root;
        this.row = row;
        this.columns = columns;
    }

    /**
     * The layout of the result of query {@code queryName} with these {@code columns}, in
     * select-list order. {@code queryName} is a Java identifier; its first letter is capitalised
     * ({@code users} gives {@code Users} and {@code UsersRow}).
     *
     * @throws IllegalArgumentException if {@code queryName} is not a Java identifier, a label is
     *         empty, or a column's type is not one §7 maps (the message names the column and type)
     */
    public static TeleportQueryResult layout(String queryName, List<Column> columns) {
        TeleportStruct.checkIdentifier(queryName, "query name");
        checkNotNull(columns, "columns");
        int first = queryName.codePointAt(0);
        String name = new StringBuilder().appendCodePoint(Character.toUpperCase(first))
                .append(queryName, Character.charCount(first), queryName.length()).toString();
        List<Column> copy = List.copyOf(columns);
        ColumnFieldNames names = new ColumnFieldNames();
        TeleportStruct.Builder row = TeleportStruct.builder(name + "Row");
        for (int i = 0; i < copy.size(); i++) {
            Column column = copy.get(i);
            if (column.label().isEmpty()) {
                throw new IllegalArgumentException("column " + (i + 1) + " : empty label (expected: a name)");
            }
            TeleportFieldType type = column.enumType() ? TeleportFieldType.STRING
                    : PgColumnTypes.teleportType(column.pgType());
            if (type == null) {
                throw new IllegalArgumentException("column " + (i + 1) + " \"" + column.label()
                        + "\" : PostgreSQL type \"" + column.pgType() + "\" is not supported (expected: "
                        + PgColumnTypes.SUPPORTED + "; Teleport/1.1 §7)");
            }
            row.field(names.next(column.label()), column.notNull() ? type : TeleportFieldType.optionalOf(type));
        }
        TeleportStruct rowStruct = row.build();
        TeleportStruct root = TeleportStruct.builder(name)
                .field("rows", TeleportFieldType.sliceOf(TeleportFieldType.structOf(rowStruct)))
                .build();
        return new TeleportQueryResult(root, rowStruct, copy);
    }

    /** The root struct, {@code <Query>{rows:slice<...>@0}#8:4}, whose layout message headers carry. */
    public TeleportStruct root() {
        return root;
    }

    /** The row struct, {@code <Query>Row}, one field per column. */
    public TeleportStruct row() {
        return row;
    }

    /** The root's layout: canonical string, size, alignment and fingerprint. */
    public TeleportLayout layout() {
        return root.layout();
    }

    /** The columns, in select-list order. */
    public List<Column> columns() {
        return columns;
    }

    /** The row field of column {@code index} (0-based, in select-list order). */
    public TeleportStruct.Field field(int index) {
        return row.fields().get(index);
    }

    /** The row fields' names, in column order. */
    public List<String> fieldNames() {
        List<String> names = new ArrayList<>(row.fields().size());
        for (TeleportStruct.Field field : row.fields()) {
            names.add(field.name());
        }
        return List.copyOf(names);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
