package dev.dx.teleport;

import dev.dx.teleport.runtime.TeleportRuntime;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * The Teleport/1.1 value encodings of §6 for {@link TeleportWriter} and {@link TeleportStructView}:
 * conversions between Java values and their stored form, and the checked reads of the stored form
 * whose failures name the field. Reads are absolute, through a {@link TeleportMessageFlyweight}
 * whose index 0 is the message's header; its memory ends where the message ends, so a read can fail
 * but never reach past the message.
 */
final class TeleportValues {

    private static final int HEADER_SIZE = TeleportRuntime.HEADER_SIZE;
    private static final long U32_MAX = 0xffffffffL;
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private TeleportValues() {
    }

    // ---- Java value -> stored form (writer side)

    /**
     * Microseconds since the epoch, truncating finer precision toward the past (so one nanosecond
     * before the epoch is -1 µs, not 0).
     *
     * @throws IllegalArgumentException if the instant is beyond ±2^63 µs (about 292,000 years)
     */
    static long micros(Instant value) {
        long seconds = value.getEpochSecond();
        long micros = Math.floorDiv(value.getNano(), 1000); // the nanos are 0..999,999,999
        if (seconds < 0) {
            // borrow a second so that the product cannot overflow where the sum does not
            seconds++;
            micros -= MICROS_PER_SECOND;
        }
        try {
            return Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), micros);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp : " + value
                    + " (expected: within ±2^63 microseconds of 1970-01-01T00:00:00Z)");
        }
    }

    /**
     * Days since 1970-01-01.
     *
     * @throws IllegalArgumentException if that does not fit in an i32
     */
    static int epochDay(LocalDate value) {
        long day = value.toEpochDay();
        if (day != (int) day) {
            throw new IllegalArgumentException("date : " + value
                    + " (expected: within 2^31 days of 1970-01-01)");
        }
        return (int) day;
    }

    /**
     * {@code value}'s plain decimal text ({@link BigDecimal#toPlainString()}, never an exponent).
     *
     * @throws IllegalArgumentException if it is longer than {@link TeleportFieldType#MAX_DECIMAL_LENGTH}
     */
    static String decimalText(BigDecimal value) {
        // the plain text's length is known before it is built: a huge exponent is refused cheaply
        long digits = value.precision();
        long scale = value.scale();
        long length = value.signum() == 0 && scale <= 0 ? 1 // "0", whatever the scale
                : (value.signum() < 0 ? 1 : 0) + (scale <= 0 ? digits - scale : Math.max(digits, scale + 1) + 1);
        if (length > TeleportFieldType.MAX_DECIMAL_LENGTH) {
            throw new IllegalArgumentException("decimal : " + length + " characters of plain text (expected: <= "
                    + TeleportFieldType.MAX_DECIMAL_LENGTH + ")");
        }
        return value.toPlainString();
    }

    // ---- stored form -> Java value (reader side)

    /** The instant {@code micros} microseconds after the epoch. */
    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    /** The uuid whose 16 bytes, most significant first, start at {@code index}. */
    static UUID uuid(TeleportMessageFlyweight m, int index) {
        return new UUID(uuidHigh(m, index), uuidLow(m, index));
    }

    /** The most significant 64 bits of the uuid at {@code index}. */
    static long uuidHigh(TeleportMessageFlyweight m, int index) {
        return Long.reverseBytes(m.i64(index)); // stored most significant byte first
    }

    /** The least significant 64 bits of the uuid at {@code index}. */
    static long uuidLow(TeleportMessageFlyweight m, int index) {
        return Long.reverseBytes(m.i64(index + 8));
    }

    /**
     * The presence byte of the optional at {@code index}: whether its value is there.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#PRESENCE_VALUE}) if it is neither 0 nor 1
     */
    static boolean present(TeleportMessageFlyweight m, int index, TeleportStruct struct, String field) {
        byte presence = m.i8(index);
        if ((presence & 0xfe) != 0) {
            throw new TeleportFormatException(TeleportCheck.PRESENCE_VALUE, where(struct, field, -1)
                    + ": presence byte " + (presence & 0xff) + " (expected: 0 or 1)");
        }
        return presence != 0;
    }

    /**
     * Reads the reference (offset u32 ‖ length u32) into the string table at {@code refIndex} of a
     * {@code bytes} or {@code decimal} value and returns it after checking that offset + length
     * fits in 32 bits and in S, naming element {@code index} (or the field, for -1) if it does not.
     */
    static long tableRef(TeleportMessageFlyweight m, int refIndex, TeleportStruct struct, String field,
            int index) {
        long ref = m.i64(refIndex);
        int stringLength = m.stringLength();
        long offset = ref & U32_MAX;
        long length = ref >>> 32;
        long end = offset + length;
        if (end > stringLength) {
            String where = where(struct, field, index);
            if (end > U32_MAX) {
                throw new TeleportFormatException(TeleportCheck.STRING_OVERFLOW, where + ": offset "
                        + offset + " + length " + length + " = " + end + " (expected: <= 2^32 - 1)");
            }
            throw new TeleportFormatException(TeleportCheck.STRING_BOUNDS, where + ": offset " + offset
                    + " + length " + length + " = " + end + " (expected: <= S = " + stringLength + ")");
        }
        return ref;
    }

    /** The absolute index of the first byte a checked table reference points at. */
    static int tableIndex(long ref, int dataLength) {
        return HEADER_SIZE + dataLength + (int) ref;
    }

    /** The length of a checked table reference. */
    static int tableLength(long ref) {
        return (int) (ref >>> 32);
    }

    /** A copy of the bytes a checked table reference points at. */
    static byte[] bytes(TeleportMessageFlyweight m, long ref) {
        byte[] bytes = new byte[tableLength(ref)];
        m.copy(tableIndex(ref, m.dataLength()), bytes);
        return bytes;
    }

    /**
     * The decimal text a checked table reference points at, as chars, after checking that it is
     * {@code -?[0-9]+(\.[0-9]+)?} in ASCII and at most {@link TeleportFieldType#MAX_DECIMAL_LENGTH}
     * long.
     *
     * @throws TeleportFormatException ({@link TeleportCheck#DECIMAL_TEXT}) naming the field and the
     *         first character that breaks the form
     */
    static char[] decimalChars(TeleportMessageFlyweight m, long ref, TeleportStruct struct, String field,
            int index) {
        return decimalChars(m, ref, where(struct, field, index));
    }

    /**
     * As {@link #decimalChars(TeleportMessageFlyweight, long, TeleportStruct, String, int)}, the
     * error naming the value as {@code where} says.
     */
    static char[] decimalChars(TeleportMessageFlyweight m, long ref, String where) {
        int length = tableLength(ref);
        if (length > TeleportFieldType.MAX_DECIMAL_LENGTH) {
            throw badDecimal(where, length + " bytes (expected: <= "
                    + TeleportFieldType.MAX_DECIMAL_LENGTH + ")");
        }
        int at = tableIndex(ref, m.dataLength());
        char[] text = new char[length];
        int i = 0;
        if (length > 0 && m.i8(at) == '-') {
            text[i++] = '-';
        }
        int integerDigits = digits(m, at, text, i, length);
        i += integerDigits;
        if (integerDigits == 0) {
            throw badDecimal(where, describe(m, at, length, i)
                    + " (expected: a digit; the text must match -?[0-9]+(\\.[0-9]+)?)");
        }
        if (i < length && m.i8(at + i) == '.') {
            text[i++] = '.';
            int fractionDigits = digits(m, at, text, i, length);
            i += fractionDigits;
            if (fractionDigits == 0) {
                throw badDecimal(where, describe(m, at, length, i)
                        + " (expected: a digit after the point; the text must match -?[0-9]+(\\.[0-9]+)?)");
            }
        }
        if (i < length) {
            throw badDecimal(where, describe(m, at, length, i)
                    + " (expected: the end; the text must match -?[0-9]+(\\.[0-9]+)?)");
        }
        return text;
    }

    /** Copies the run of ASCII digits at {@code from} into {@code text}; returns its length. */
    private static int digits(TeleportMessageFlyweight m, int at, char[] text, int from, int length) {
        int i = from;
        while (i < length) {
            byte b = m.i8(at + i);
            if (b < '0' || b > '9') {
                break;
            }
            text[i++] = (char) b;
        }
        return i - from;
    }

    /** "byte 0x2b at 0 of 2" or "end of text at 2", with the text itself when it is short and ASCII. */
    private static String describe(TeleportMessageFlyweight m, int at, int length, int i) {
        StringBuilder out = new StringBuilder();
        if (i < length) {
            out.append("byte 0x").append(Integer.toHexString(m.i8(at + i) & 0xff))
                    .append(" at ").append(i);
        } else {
            out.append("end of text at ").append(i);
        }
        out.append(" of ").append(length);
        if (length <= 40) {
            StringBuilder shown = new StringBuilder();
            for (int k = 0; k < length; k++) {
                int b = m.i8(at + k) & 0xff;
                if (b < 0x20 || b >= 0x7f) {
                    return out.toString();
                }
                shown.append((char) b);
            }
            out.append(" in \"").append(shown).append('"');
        }
        return out.toString();
    }

    private static TeleportFormatException badDecimal(String where, String detail) {
        return new TeleportFormatException(TeleportCheck.DECIMAL_TEXT, where + ": decimal text " + detail);
    }

    /** "field price of struct Row", or "element 3 of field prices of struct Row". */
    static String where(TeleportStruct struct, String field, int index) {
        String name = "field " + field + " of struct " + struct.name();
        return index < 0 ? name : "element " + index + " of " + name;
    }

    /** A decimal from text that {@link #decimalChars} has checked. */
    static BigDecimal decimal(char[] text) {
        return new BigDecimal(text);
    }
}
