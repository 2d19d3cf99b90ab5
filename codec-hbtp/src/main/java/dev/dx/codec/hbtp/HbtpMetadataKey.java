package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A typed metadata key (spec §11.1): its name and how its value turns into bytes and back.
 *
 * <pre>
 * static final HbtpMetadataKey&lt;String&gt; TENANT = HbtpMetadataKey.ofString("x-tenant");
 * String tenant = exchange.metadata().get(TENANT);
 * </pre>
 *
 * @param <T> the value's Java type
 */
public final class HbtpMetadataKey<T> {

    /** {@code hbtp-timeout} (§11.2): the milliseconds the caller still allows, u32. */
    public static final HbtpMetadataKey<Long> TIMEOUT = new HbtpMetadataKey<>("hbtp-timeout",
            HbtpMetadataKey::u32, HbtpMetadataKey::u32);
    /** {@code hbtp-credit} (§11.3): the chunks a stream's starter allows the other side to send, u32. */
    public static final HbtpMetadataKey<Long> CREDIT = new HbtpMetadataKey<>("hbtp-credit",
            HbtpMetadataKey::u32, HbtpMetadataKey::u32);
    /** {@code authorization}, for example {@code Bearer <jwt>}, UTF-8. */
    public static final HbtpMetadataKey<String> AUTHORIZATION = ofString("authorization");
    /** {@code traceparent}, W3C Trace Context, UTF-8. */
    public static final HbtpMetadataKey<String> TRACEPARENT = ofString("traceparent");

    private final String name;
    private final Function<T, byte[]> encoder;
    private final Function<byte[], T> decoder;

    private HbtpMetadataKey(String name, Function<T, byte[]> encoder, Function<byte[], T> decoder) {
        this.name = name;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** A key whose value is UTF-8 text. */
    public static HbtpMetadataKey<String> ofString(String name) {
        return of(name, s -> s.getBytes(StandardCharsets.UTF_8), b -> new String(b, StandardCharsets.UTF_8));
    }

    /** A key whose value is raw bytes (copied both ways). */
    public static HbtpMetadataKey<byte[]> ofBytes(String name) {
        return of(name, byte[]::clone, byte[]::clone);
    }

    /**
     * A key with a custom value type. The name must be 1..64 characters of {@code a-z 0-9 - . _} and must
     * not start with {@value HbtpMetadata#RESERVED_PREFIX}, which the protocol reserves.
     */
    public static <T> HbtpMetadataKey<T> of(String name, Function<T, byte[]> encoder, Function<byte[], T> decoder) {
        HbtpMetadata.checkKey(name);
        if (name.startsWith(HbtpMetadata.RESERVED_PREFIX)) {
            throw new IllegalArgumentException("name : \"" + name + "\" (the prefix "
                    + HbtpMetadata.RESERVED_PREFIX + " is reserved for the protocol's own keys)");
        }
        return new HbtpMetadataKey<>(name, checkNotNull(encoder, "encoder"), checkNotNull(decoder, "decoder"));
    }

    /** Whether {@code name} is one of the keys §11 defines. */
    static boolean isProtocolKey(String name) {
        return TIMEOUT.name.equals(name) || CREDIT.name.equals(name);
    }

    /** The key as sent. */
    public String name() {
        return name;
    }

    byte[] encode(T value) {
        return encoder.apply(value);
    }

    T decode(byte[] value) {
        return decoder.apply(value);
    }

    private static byte[] u32(Long v) {
        long x = v;
        if (x < 0 || x > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("value : " + x + " (expected: 0 to 2^32-1)");
        }
        return new byte[] {(byte) x, (byte) (x >>> 8), (byte) (x >>> 16), (byte) (x >>> 24)};
    }

    private static Long u32(byte[] b) {
        if (b.length != 4) {
            throw new IllegalArgumentException("u32 value of " + b.length + " bytes (expected: 4)");
        }
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    @Override
    public String toString() {
        return name;
    }
}
