package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The metadata block of an HBTP/1.1 frame (spec §11.1): an ordered list of key/value pairs that rides in
 * front of the opcode's own fields when {@link HbtpFlags#HAS_METADATA} is set. Immutable.
 *
 * <pre>
 * count u8 (1..32)
 * count × ( key length u8 (1..64) ‖ key ‖ value length u16 ‖ value bytes )
 * </pre>
 *
 * <p>Keys are lowercase ASCII ({@code a-z 0-9 - . _}), may repeat, and keep their order; keys that
 * start with {@code hbtp-} are the protocol's own ({@link HbtpMetadataKey#TIMEOUT},
 * {@link HbtpMetadataKey#CREDIT}). Read values through typed keys:
 *
 * <pre>
 * HbtpMetadata md = HbtpMetadata.builder()
 *         .add(HbtpMetadataKey.AUTHORIZATION, "Bearer " + jwt)
 *         .add(HbtpMetadataKey.TRACEPARENT, traceparent)
 *         .build();
 * String auth = exchange.metadata().get(HbtpMetadataKey.AUTHORIZATION);   // null when absent
 * </pre>
 *
 * <p>{@link #EMPTY} stands for "no block": a frame built with it carries no HAS_METADATA flag.
 */
public final class HbtpMetadata {

    /** The most entries one block may hold. */
    public static final int MAX_ENTRIES = 32;
    /** The longest key, in bytes. */
    public static final int MAX_KEY_LENGTH = 64;
    /** The longest value, in bytes (a u16 length). */
    public static final int MAX_VALUE_LENGTH = 0xFFFF;
    /** The default limit on a received block's encoded size: 8 KiB (§11.1). */
    public static final int DEFAULT_LIMIT = 8 * 1024;
    /** The prefix of the keys this protocol reserves. */
    public static final String RESERVED_PREFIX = "hbtp-";

    /** No metadata. */
    public static final HbtpMetadata EMPTY = new HbtpMetadata(new String[0], new byte[0][], 0);

    private final String[] keys;
    private final byte[][] values;
    private final int encodedSize;

    private HbtpMetadata(String[] keys, byte[][] values, int encodedSize) {
        this.keys = keys;
        this.values = values;
        this.encodedSize = encodedSize;
    }

    /** Starts a block. */
    public static Builder builder() {
        return new Builder();
    }

    /** A block holding one entry. */
    public static <T> HbtpMetadata of(HbtpMetadataKey<T> key, T value) {
        return builder().add(key, value).build();
    }

    /** The number of entries (0 for {@link #EMPTY}). */
    public int size() {
        return keys.length;
    }

    /** Whether there are no entries. */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /** The key of entry {@code i}, in the order sent. */
    public String key(int i) {
        return keys[i];
    }

    /** A copy of the value of entry {@code i}. */
    public byte[] value(int i) {
        return values[i].clone();
    }

    /** A copy of the first value of {@code key}, or {@code null} when the key is absent. */
    public byte[] get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i].clone();
    }

    /** The first value of {@code key} decoded by the key's type, or {@code null} when it is absent. */
    public <T> T get(HbtpMetadataKey<T> key) {
        int i = indexOf(key.name());
        return i < 0 ? null : key.decode(values[i]);
    }

    /** Every value of {@code key}, in the order sent; empty when it is absent. */
    public <T> List<T> getAll(HbtpMetadataKey<T> key) {
        List<T> all = new ArrayList<>(1);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key.name())) {
                all.add(key.decode(values[i]));
            }
        }
        return Collections.unmodifiableList(all);
    }

    /** Whether {@code key} is present. */
    public boolean contains(String key) {
        return indexOf(key) >= 0;
    }

    private int indexOf(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The deadline budget this block carries: the smallest {@code hbtp-timeout} in milliseconds when the
     * key repeats (§11.2), or -1 when there is none.
     */
    public long timeoutMillis() {
        long min = -1;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(HbtpMetadataKey.TIMEOUT.name())) {
                long v = HbtpMetadataKey.TIMEOUT.decode(values[i]);
                min = min < 0 ? v : Math.min(min, v);
            }
        }
        return min;
    }

    /** Returns a block with this block's entries followed by {@code other}'s. */
    public HbtpMetadata with(HbtpMetadata other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Builder b = builder();
        for (int i = 0; i < keys.length; i++) {
            b.add(keys[i], values[i]);
        }
        for (int i = 0; i < other.keys.length; i++) {
            b.add(other.keys[i], other.values[i]);
        }
        return b.build();
    }

    /** Returns this block without any entry named {@code key}. */
    public HbtpMetadata without(String key) {
        if (!contains(key)) {
            return this;
        }
        Builder b = builder();
        for (int i = 0; i < keys.length; i++) {
            if (!keys[i].equals(key)) {
                b.add(keys[i], values[i]);
            }
        }
        return b.build();
    }

    /** The block's size on the wire, from the count byte to the end of the last value; 0 when empty. */
    public int encodedSize() {
        return encodedSize;
    }

    /** Appends the block at the writer index (nothing for {@link #EMPTY}). Returns {@code out}. */
    public ByteBuf writeTo(ByteBuf out) {
        if (keys.length == 0) {
            return out;
        }
        out.ensureWritable(encodedSize);
        out.writeByte(keys.length);
        for (int i = 0; i < keys.length; i++) {
            out.writeByte(keys[i].length());
            out.writeCharSequence(keys[i], StandardCharsets.US_ASCII);
            out.writeShortLE(values[i].length);
            out.writeBytes(values[i]);
        }
        return out;
    }

    /**
     * Reads the block that starts at {@code index} of {@code body} (the index is not moved).
     *
     * @throws HbtpException {@code BAD_FRAME} when the block is malformed (§11.1)
     */
    public static HbtpMetadata read(ByteBuf body, int index) {
        return readChecked(body, index, blockLength(body, index));
    }

    /**
     * {@link #read} of a block that {@link #blockLength} has already accepted (as the decoder does for
     * every frame it passes on), of that {@code size}: the block is not walked twice.
     */
    static HbtpMetadata readChecked(ByteBuf body, int index, int size) {
        int count = body.getUnsignedByte(index);
        String[] keys = new String[count];
        byte[][] values = new byte[count][];
        int p = index + 1;
        for (int i = 0; i < count; i++) {
            int kl = body.getUnsignedByte(p++);
            keys[i] = key(body, p, kl);
            p += kl;
            int vl = body.getUnsignedShortLE(p);
            p += 2;
            byte[] v = new byte[vl];
            body.getBytes(p, v);
            values[i] = v;
            p += vl;
        }
        return new HbtpMetadata(keys, values, size);
    }

    /**
     * Checks the block that starts at {@code index} of {@code body} without allocating and returns its
     * encoded size: every length inside the body, a count of 1..32, keys of 1..64 bytes of
     * {@code a-z 0-9 - . _}, and {@code hbtp-timeout} / {@code hbtp-credit} values of exactly 4 bytes
     * (§11.2, §11.3).
     *
     * @throws HbtpException {@code BAD_FRAME} naming what is wrong
     */
    public static int blockLength(ByteBuf body, int index) {
        int end = body.writerIndex();
        if (index >= end) {
            throw bad("HAS_METADATA on a body with no room for the metadata count");
        }
        int count = body.getUnsignedByte(index);
        if (count < 1 || count > MAX_ENTRIES) {
            throw bad("metadata count " + count + " (expected: 1-" + MAX_ENTRIES + ")");
        }
        int p = index + 1;
        for (int i = 0; i < count; i++) {
            if (p >= end) {
                throw bad("metadata entry " + i + " runs past the body");
            }
            int kl = body.getUnsignedByte(p++);
            if (kl < 1 || kl > MAX_KEY_LENGTH) {
                throw bad("metadata key length " + kl + " (expected: 1-" + MAX_KEY_LENGTH + ")");
            }
            if (end - p < kl + 2) {
                throw bad("metadata key " + i + " runs past the body");
            }
            for (int k = 0; k < kl; k++) {
                int c = body.getUnsignedByte(p + k);
                if (!isKeyByte(c)) {
                    throw bad("metadata key byte 0x" + Integer.toHexString(c) + " (expected: a-z 0-9 - . _)");
                }
            }
            int keyStart = p;
            p += kl;
            int vl = body.getUnsignedShortLE(p);
            p += 2;
            if (end - p < vl) {
                throw bad("metadata value of " + vl + " bytes runs past the body");
            }
            if (vl != 4 && isU32Key(body, keyStart, kl)) {
                throw bad(body.toString(keyStart, kl, StandardCharsets.US_ASCII) + " value of " + vl
                        + " bytes (expected: 4)");
            }
            p += vl;
        }
        return p - index;
    }

    /**
     * The smallest {@code hbtp-timeout} of the block at {@code index} in milliseconds, or -1 when there is
     * none; reads a block that {@link #blockLength} accepted, without allocating.
     */
    static long timeoutMillis(ByteBuf body, int index) {
        return smallestU32(body, index, HbtpMetadataKey.TIMEOUT.name());
    }

    /** Like {@link #timeoutMillis(ByteBuf, int)} for {@code hbtp-credit}, or -1. */
    static long credit(ByteBuf body, int index) {
        return smallestU32(body, index, HbtpMetadataKey.CREDIT.name());
    }

    private static long smallestU32(ByteBuf body, int index, String key) {
        int count = body.getUnsignedByte(index);
        int p = index + 1;
        long min = -1;
        for (int i = 0; i < count; i++) {
            int kl = body.getUnsignedByte(p++);
            boolean match = isKey(body, p, kl, key);
            p += kl;
            int vl = body.getUnsignedShortLE(p);
            p += 2;
            if (match && vl == 4) {
                long v = body.getUnsignedIntLE(p);
                min = min < 0 ? v : Math.min(min, v);
            }
            p += vl;
        }
        return min;
    }

    /** Keys most calls carry, handed out without decoding a new String for each call. */
    private static final String[] COMMON_KEYS = {"hbtp-timeout", "hbtp-credit", "authorization", "traceparent",
        "tracestate", "content-type"};

    private static String key(ByteBuf body, int p, int kl) {
        for (String common : COMMON_KEYS) {
            if (isKey(body, p, kl, common)) {
                return common;
            }
        }
        return body.toString(p, kl, StandardCharsets.US_ASCII);
    }

    private static boolean isU32Key(ByteBuf body, int p, int kl) {
        return isKey(body, p, kl, HbtpMetadataKey.TIMEOUT.name()) || isKey(body, p, kl, HbtpMetadataKey.CREDIT.name());
    }

    private static boolean isKey(ByteBuf body, int p, int kl, String key) {
        return kl == key.length() && asciiEquals(body, p, key);
    }

    private static boolean asciiEquals(ByteBuf body, int p, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (body.getByte(p + i) != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    static boolean isKeyByte(int c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_';
    }

    /** Checks a key's length and bytes; returns it. */
    static String checkKey(String key) {
        checkNotNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("key : \"" + key + "\" (expected: 1-" + MAX_KEY_LENGTH + " characters)");
        }
        for (int i = 0; i < key.length(); i++) {
            if (!isKeyByte(key.charAt(i))) {
                throw new IllegalArgumentException("key : \"" + key + "\" (expected: only a-z 0-9 - . _)");
            }
        }
        return key;
    }

    private static HbtpException bad(String message) {
        return new HbtpException(HbtpErrorCode.BAD_FRAME, message);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HbtpMetadata)) {
            return false;
        }
        HbtpMetadata m = (HbtpMetadata) o;
        return Arrays.equals(keys, m.keys) && Arrays.deepEquals(values, m.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keys) * 31 + Arrays.deepHashCode(values);
    }

    /** Keys with their values' lengths (values may be secrets, such as a bearer token). */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("HbtpMetadata(");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(keys[i]).append('=').append(values[i].length).append('B');
        }
        return b.append(')').toString();
    }

    /** Collects entries in order; {@link #build()} checks the count. Not thread-safe. */
    public static final class Builder {

        private final List<String> keys = new ArrayList<>(4);
        private final List<byte[]> values = new ArrayList<>(4);
        private int encodedSize = 1;

        private Builder() {
        }

        /** Adds {@code value} under {@code key}, encoded by the key's type. */
        public <T> Builder add(HbtpMetadataKey<T> key, T value) {
            checkNotNull(key, "key");
            return add(key.name(), key.encode(checkNotNull(value, "value")));
        }

        /**
         * Adds raw bytes (copied) under {@code key}. Keys starting with {@value #RESERVED_PREFIX} are
         * accepted only through the protocol's own {@link HbtpMetadataKey}s.
         */
        public Builder add(String key, byte[] value) {
            checkKey(key);
            checkNotNull(value, "value");
            if (value.length > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("value of \"" + key + "\" : " + value.length
                        + " bytes (expected: at most " + MAX_VALUE_LENGTH + ")");
            }
            if (key.startsWith(RESERVED_PREFIX) && !HbtpMetadataKey.isProtocolKey(key)) {
                throw new IllegalArgumentException("key : \"" + key + "\" (the prefix " + RESERVED_PREFIX
                        + " is reserved for the protocol's own keys)");
            }
            if (HbtpMetadataKey.isProtocolKey(key) && value.length != 4) {
                throw new IllegalArgumentException("value of \"" + key + "\" : " + value.length
                        + " bytes (expected: 4)");
            }
            if (keys.size() == MAX_ENTRIES) {
                throw new IllegalStateException("a metadata block holds at most " + MAX_ENTRIES + " entries");
            }
            keys.add(key);
            values.add(value.clone());
            encodedSize += 1 + key.length() + 2 + value.length;
            return this;
        }

        /** The block built so far; {@link HbtpMetadata#EMPTY} when nothing was added. */
        public HbtpMetadata build() {
            if (keys.isEmpty()) {
                return EMPTY;
            }
            return new HbtpMetadata(keys.toArray(new String[0]), values.toArray(new byte[0][]), encodedSize);
        }
    }
}
