package dev.dx.cim;

import static dev.dx.common.Checks.checkNotNull;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The typed name of an {@linkplain Exchange#get exchange attribute}. Create keys once, as constants:
 * each key gets a small index, and an attribute is an array slot, so reading one costs no hashing.
 *
 * <pre>{@code
 * public static final ExchangeKey<JWTClaimsSet> CLAIMS = ExchangeKey.of("jwt.claims", JWTClaimsSet.class);
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ExchangeKey<T> {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String name;
    private final Class<T> type;
    private final int index;

    private ExchangeKey(String name, Class<T> type) {
        this.name = checkNotNull(name, "name");
        this.type = checkNotNull(type, "type");
        this.index = NEXT.getAndIncrement();
    }

    /** A new key; two keys with the same name are still different keys. */
    public static <T> ExchangeKey<T> of(String name, Class<T> type) {
        return new ExchangeKey<>(name, type);
    }

    /** The name, for messages. */
    public String name() {
        return name;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** The key's slot in an exchange's attribute array. */
    int index() {
        return index;
    }

    @Override
    public String toString() {
        return "ExchangeKey(" + name + ": " + type.getSimpleName() + ")";
    }
}
