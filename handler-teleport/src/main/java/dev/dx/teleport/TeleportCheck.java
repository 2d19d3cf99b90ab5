package dev.dx.teleport;

/**
 * The checks a Teleport reader makes before it trusts a byte; a failed one is reported as a
 * {@link TeleportFormatException} naming it.
 */
public enum TeleportCheck {
    /** Fewer than 24 readable bytes: the header itself is cut off. */
    HEADER_LENGTH,
    /** The first four bytes are not {@code 44 58 54 50} ("DXTP"). */
    MAGIC,
    /** The version byte is not 1. */
    VERSION,
    /** The flags byte or the reserved u16 is not 0. */
    RESERVED,
    /** The data section length D is not a multiple of 8. */
    DATA_ALIGNMENT,
    /** 24 + D + S exceeds the bytes available (a truncated message). */
    MESSAGE_LENGTH,
    /** 24 + D + S exceeds the configured maximum message size. */
    MESSAGE_SIZE,
    /** The fingerprint is not the expected type's. */
    FINGERPRINT,
    /** The data section is shorter than the root struct. */
    ROOT_SIZE,
    /** A string reference's offset + length does not fit in 32 bits. */
    STRING_OVERFLOW,
    /** A string reference points past the end of the string table. */
    STRING_BOUNDS,
    /**
     * A slice reference's offset + count × element size does not fit in 32 bits, or its count does
     * not fit in a Java {@code int} (possible only for elements of 0 bytes).
     */
    SLICE_OVERFLOW,
    /** A slice reference points past the end of the data section. */
    SLICE_BOUNDS,
    /** A slice's offset is not a multiple of its element's alignment. */
    SLICE_ALIGNMENT,
    /** A bool byte is neither 0 nor 1. */
    BOOL_VALUE,
    /** An enum ordinal is not below the enum's constant count. */
    ENUM_ORDINAL,
    /** An optional's presence byte is neither 0 nor 1 (Teleport/1.1 §6). */
    PRESENCE_VALUE,
    /**
     * A decimal's text is not plain ASCII decimal text {@code -?[0-9]+(\.[0-9]+)?}, or is longer
     * than a reader accepts (Teleport/1.1 §6).
     */
    DECIMAL_TEXT
}
