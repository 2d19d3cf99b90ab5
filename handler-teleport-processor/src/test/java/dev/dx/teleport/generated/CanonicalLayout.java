package dev.dx.teleport.generated;

import java.util.ArrayList;
import java.util.List;

/**
 * A test-side parser of canonical layout strings (§4), independent of the processor, used to walk
 * messages and check where every field and slice element sits.
 */
final class CanonicalLayout {

    /** A parsed type. */
    static class Type {
        final String name;
        final int size;
        final int align;

        Type(String name, int size, int align) {
            this.name = name;
            this.size = size;
            this.align = align;
        }
    }

    static final class Field {
        final String name;
        final Type type;
        final int offset;

        Field(String name, Type type, int offset) {
            this.name = name;
            this.type = type;
            this.offset = offset;
        }
    }

    static final class Struct extends Type {
        final List<Field> fields;

        Struct(String name, List<Field> fields, int size, int align) {
            super(name, size, align);
            this.fields = fields;
        }
    }

    static final class Slice extends Type {
        final Type element;

        Slice(Type element) {
            super("slice", 8, 4);
            this.element = element;
        }
    }

    private final String text;
    private int pos;

    private CanonicalLayout(String text) {
        this.text = text;
    }

    static Struct parse(String canonical) {
        CanonicalLayout parser = new CanonicalLayout(canonical);
        Struct struct = parser.struct();
        if (parser.pos != canonical.length()) {
            throw new IllegalArgumentException("trailing text at " + parser.pos + ": " + canonical);
        }
        return struct;
    }

    private Struct struct() {
        expect("struct ");
        String name = until('{');
        expect("{");
        List<Field> fields = new ArrayList<>();
        while (text.charAt(pos) != '}') {
            if (!fields.isEmpty()) {
                expect(",");
            }
            String field = until(':');
            expect(":");
            Type type = type();
            expect("@");
            fields.add(new Field(field, type, number()));
        }
        expect("}#");
        int size = number();
        expect(":");
        return new Struct(name, fields, size, number());
    }

    private Type type() {
        if (text.startsWith("struct ", pos)) {
            return struct();
        }
        if (text.startsWith("slice<", pos)) {
            expect("slice<");
            Type element = type();
            expect(">");
            return new Slice(element);
        }
        if (text.startsWith("enum<", pos)) {
            expect("enum<");
            String name = until('>');
            expect(">:");
            if (text.startsWith("u8", pos)) {
                expect("u8");
                return new Type("enum " + name, 1, 1);
            }
            expect("u16");
            return new Type("enum " + name, 2, 2);
        }
        int start = pos;
        while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
            pos++;
        }
        String name = text.substring(start, pos);
        switch (name) {
            case "bool": case "i8": case "u8":
                return new Type(name, 1, 1);
            case "i16": case "u16":
                return new Type(name, 2, 2);
            case "i32": case "u32": case "f32":
                return new Type(name, 4, 4);
            case "i64": case "u64": case "f64":
                return new Type(name, 8, 8);
            case "string":
                return new Type(name, 8, 4);
            default:
                throw new IllegalArgumentException("unknown type " + name + " at " + start);
        }
    }

    private String until(char c) {
        int end = text.indexOf(c, pos);
        String s = text.substring(pos, end);
        pos = end;
        return s;
    }

    private int number() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        return Integer.parseInt(text.substring(start, pos));
    }

    private void expect(String s) {
        if (!text.startsWith(s, pos)) {
            throw new IllegalArgumentException("expected '" + s + "' at " + pos + ": " + text);
        }
        pos += s.length();
    }
}
