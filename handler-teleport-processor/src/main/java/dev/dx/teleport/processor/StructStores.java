package dev.dx.teleport.processor;

import static dev.dx.teleport.processor.Types.OBJECTS;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the stores that write one struct's bytes: every byte of the struct is written, padding
 * included, so the writer need not zero the struct first. The fixed-size fields (scalars and
 * enums) and the padding between them are grouped into the widest little-endian stores (8, 4, 2
 * or 1 bytes) whose bounds fall on field boundaries; strings, slices and nested structs, which
 * write their own bytes, split the runs. Offsets and shifts are known here, at compile time.
 */
final class StructStores {

    /** One store: {@code width} bytes at struct offset {@code offset}, or a field written alone. */
    static final class Store {
        final int offset;
        final int width;
        /** The fixed-size fields in this store, in offset order (empty for pure padding). */
        final List<FieldModel> fields;
        /** A string, slice or struct field, which is written by its own call; else null. */
        final FieldModel opaque;

        private Store(int offset, int width, List<FieldModel> fields, FieldModel opaque) {
            this.offset = offset;
            this.width = width;
            this.fields = fields;
            this.opaque = opaque;
        }
    }

    private StructStores() {
    }

    /** The stores that cover {@code struct}'s bytes, in offset (= declaration) order. */
    static List<Store> plan(StructModel struct) {
        List<Store> stores = new ArrayList<>();
        List<FieldModel> run = new ArrayList<>();
        int runStart = 0;
        for (FieldModel field : struct.fields) {
            if (fixed(field)) {
                run.add(field);
                continue;
            }
            cover(stores, run, runStart, field.offset);
            run.clear();
            stores.add(new Store(field.offset, field.type.size, List.of(), field));
            runStart = field.offset + field.type.size;
        }
        cover(stores, run, runStart, struct.size);
        return stores;
    }

    /** Whether {@code field} is a scalar or an enum, whose bits can share a store. */
    static boolean fixed(FieldModel field) {
        return field.type.kind == FieldType.Kind.SCALAR || field.type.kind == FieldType.Kind.ENUM;
    }

    /** Covers bytes [from, to), which hold exactly the fields of {@code run}, with stores. */
    private static void cover(List<Store> stores, List<FieldModel> run, int from, int to) {
        int p = from;
        while (p < to) {
            int width = 8;
            while (p + width > to || splits(run, p + width)) {
                width >>= 1;
            }
            List<FieldModel> inside = new ArrayList<>();
            for (FieldModel field : run) {
                if (field.offset >= p && field.offset < p + width) {
                    inside.add(field);
                }
            }
            stores.add(new Store(p, width, List.copyOf(inside), null));
            p += width;
        }
    }

    /** Whether offset {@code end} falls strictly inside a field of {@code run}. */
    private static boolean splits(List<FieldModel> run, int end) {
        for (FieldModel field : run) {
            if (field.offset < end && end < field.offset + field.type.size) {
                return true;
            }
        }
        return false;
    }

    /**
     * The statement for a fixed-size store: a single field that fills it is put with its own
     * {@code putXxx}; otherwise the fields' bits are shifted into one value of the store's width.
     */
    static CodeBlock statement(Store store, String owner) {
        if (store.fields.size() == 1) {
            FieldModel only = store.fields.get(0);
            if (only.type.size == store.width && only.offset == store.offset) {
                return single(only, owner);
            }
        }
        String target;
        if (!store.fields.isEmpty() && store.fields.get(0).offset == store.offset) {
            target = "at + " + store.fields.get(0).offsetConstant();
        } else {
            target = store.offset == 0 ? "at" : "at + " + store.offset;
        }
        List<CodeBlock> parts = new ArrayList<>();
        for (FieldModel field : store.fields) {
            int shift = 8 * (field.offset - store.offset);
            parts.add(bits(field, shift, owner));
        }
        if (parts.isEmpty()) {
            // padding only
            String[] zero = {null, "putByte($L, (byte) 0)", "putShort($L, (short) 0)", null,
                "putInt($L, 0)", null, null, null, "putLong($L, 0L)"};
            return CodeBlock.of("writer." + zero[store.width], target);
        }
        CodeBlock value = CodeBlock.join(parts, "\n| ");
        if (parts.size() > 1 || store.fields.get(0).offset != store.offset) {
            value = CodeBlock.of("($L)", value);
        }
        switch (store.width) {
            case 8:
                return CodeBlock.of("writer.putLong($L, $L)", target, value);
            case 4:
                return CodeBlock.of("writer.putInt($L, (int) $L)", target, value);
            case 2:
                return CodeBlock.of("writer.putShort($L, (short) $L)", target, value);
            case 1:
                return CodeBlock.of("writer.putByte($L, (byte) $L)", target, value);
            default:
                throw new AssertionError(store.width);
        }
    }

    private static CodeBlock single(FieldModel field, String owner) {
        String at = "at + " + field.offsetConstant();
        FieldType type = field.type;
        if (type.kind == FieldType.Kind.ENUM) {
            return CodeBlock.of("writer.$L($L, ($L) $L.ordinal())",
                    type.size == 1 ? "putByte" : "putChar", at,
                    type.size == 1 ? "byte" : "char", nonNull(field, owner));
        }
        return CodeBlock.of("writer.$L($L, value.$N())", type.scalar.writerMethod, at, field.name);
    }

    /** {@code field}'s bits as an unsigned {@code long}, shifted left by {@code shift}. */
    private static CodeBlock bits(FieldModel field, int shift, String owner) {
        CodeBlock get = CodeBlock.of("value.$N()", field.name);
        String shifted = shift == 0 ? "" : " << " + shift;
        FieldType type = field.type;
        if (type.kind == FieldType.Kind.ENUM) {
            return CodeBlock.of("($L.ordinal() & $L)$L", nonNull(field, owner),
                    type.size == 1 ? "0xFFL" : "0xFFFFL", shifted);
        }
        switch (type.scalar) {
            case BOOL:
                return CodeBlock.of("($L ? $L : 0L)", get, shift == 0 ? "1L" : "1L" + shifted);
            case I8:
                return CodeBlock.of("($L & 0xFFL)$L", get, shifted);
            case I16:
            case U16:
                return CodeBlock.of("($L & 0xFFFFL)$L", get, shifted);
            case I32:
                return CodeBlock.of("($L & 0xFFFF_FFFFL)$L", get, shifted);
            case F32:
                return CodeBlock.of("($T.floatToRawIntBits($L) & 0xFFFF_FFFFL)$L", Float.class, get,
                        shifted);
            case I64:
                return shift == 0 ? get : CodeBlock.of("$L$L", get, shifted);
            case F64:
                return CodeBlock.of("$T.doubleToRawLongBits($L)$L", Double.class, get, shifted);
            default:
                throw new AssertionError(type.scalar);
        }
    }

    private static CodeBlock nonNull(FieldModel field, String owner) {
        return CodeBlock.of("$T.requireNonNull(value.$N(), $S)", OBJECTS, field.name,
                owner + field.name);
    }
}
