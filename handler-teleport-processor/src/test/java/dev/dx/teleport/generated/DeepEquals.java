package dev.dx.teleport.generated;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Equality of records that compares array components by content, recursively. */
final class DeepEquals {

    private DeepEquals() {
    }

    static boolean equal(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof Record) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                try {
                    if (!equal(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                        return false;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        }
        if (a instanceof Object[]) {
            Object[] x = (Object[]) a;
            Object[] y = (Object[]) b;
            if (x.length != y.length) {
                return false;
            }
            for (int i = 0; i < x.length; i++) {
                if (!equal(x[i], y[i])) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Optional) {
            // Optional.equals compares an array value by identity
            return equal(((Optional<?>) a).orElse(null), ((Optional<?>) b).orElse(null));
        }
        if (a instanceof List) {
            return equal(((List<?>) a).toArray(), ((List<?>) b).toArray());
        }
        return Objects.deepEquals(a, b);
    }
}
