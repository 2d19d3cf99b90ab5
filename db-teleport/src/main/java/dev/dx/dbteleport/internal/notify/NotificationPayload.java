package dev.dx.dbteleport.internal.notify;

import java.util.ArrayList;
import java.util.List;

/**
 * The text format of a change notification's payload, as the trigger function of
 * {@link TriggerSql} writes it and {@link PgChangeFeed} reads it.
 *
 * <pre>
 * payload = "dx1;" micros ";" kind ";" field(table) *field(key)
 * micros  = 1*19DIGIT          ; clock_timestamp() in the trigger, microseconds since 1970
 * kind    = "K"                ; keys follow (possibly none: every changed row had a NULL key)
 *         / "T"                ; table-wide: no keys follow
 * field   = 1*4DIGIT ":" chars ; chars is exactly that many characters (Unicode code points)
 * </pre>
 *
 * <p>Examples: {@code dx1;1733486400123456;K;11:public.item1:72:42} (keys {@code 7} and {@code 42}
 * of {@code public.item}); {@code dx1;1733486400123456;T;11:public.item} (the whole table).
 *
 * <p>Every value is length-prefixed, so a value may hold any character, the separators included; no
 * escaping is needed. Lengths count characters (PostgreSQL's {@code length(text)}), not bytes: the
 * server converts the payload to the client's encoding on the way out, which keeps characters and
 * may change byte counts, so characters are what survive. A payload is at most {@link #MAX_CHARS}
 * characters (PostgreSQL refuses payloads of 8,000 bytes or more), which bounds every count here.
 *
 * <p>Anyone who can connect may {@code NOTIFY} the channel, so {@link #parse} trusts nothing: it
 * throws {@link MalformedPayloadException} naming the first problem, and carrying the table if the
 * payload got as far as naming one.
 */
final class NotificationPayload {

    /** The prefix that names this format and its version. */
    static final String PREFIX = "dx1;";

    /** The longest payload PostgreSQL lets through (8,000 bytes exclusive, so at most 7,999 chars). */
    static final int MAX_CHARS = 7_999;

    private static final int MAX_LENGTH_DIGITS = 4;
    private static final int MAX_MICROS_DIGITS = 19;

    private NotificationPayload() {
    }

    /** Writes {@code notice} in this format (the trigger function writes the same bytes). */
    static String encode(FeedNotice notice) {
        StringBuilder out = new StringBuilder(64).append(PREFIX).append(notice.triggerEpochMicros()).append(';')
                .append(notice.isTableWide() ? 'T' : 'K').append(';');
        appendField(out, notice.table());
        if (!notice.isTableWide()) {
            for (String key : notice.keys()) {
                appendField(out, key);
            }
        }
        return out.toString();
    }

    private static void appendField(StringBuilder out, String value) {
        out.append(value.codePointCount(0, value.length())).append(':').append(value);
    }

    /**
     * Reads a payload.
     *
     * @throws MalformedPayloadException if it is not in this format; the message names the problem
     */
    static FeedNotice parse(String payload) throws MalformedPayloadException {
        if (payload == null || payload.isEmpty()) {
            throw new MalformedPayloadException("empty payload", null);
        }
        if (payload.length() > MAX_CHARS) {
            throw new MalformedPayloadException("payload of " + payload.length() + " chars is longer than "
                    + MAX_CHARS + " characters", null);
        }
        if (!payload.startsWith(PREFIX)) {
            throw new MalformedPayloadException("payload does not start with \"" + PREFIX + "\": "
                    + excerpt(payload), null);
        }
        Reader in = new Reader(payload, PREFIX.length());
        long micros = in.number(';', MAX_MICROS_DIGITS, "timestamp");
        int kind = in.kind();
        String table = in.field("table");
        if (table.isEmpty()) {
            throw new MalformedPayloadException("empty table name", null);
        }
        try {
            if (kind == 'T') {
                if (in.hasMore()) {
                    throw new MalformedPayloadException("table-wide payload has " + (payload.length() - in.pos)
                            + " chars after the table", table);
                }
                return FeedNotice.tableWide(table, micros);
            }
            List<String> keys = new ArrayList<>();
            while (in.hasMore()) {
                keys.add(in.field("key " + (keys.size() + 1)));
            }
            return new FeedNotice(table, keys, micros);
        } catch (MalformedPayloadException e) {
            throw e.table() != null ? e : new MalformedPayloadException(e.getMessage(), table);
        }
    }

    private static String excerpt(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** A cursor over the payload; every method throws a {@link MalformedPayloadException} on bad input. */
    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s, int pos) {
            this.s = s;
            this.pos = pos;
        }

        boolean hasMore() {
            return pos < s.length();
        }

        long number(char terminator, int maxDigits, String what) throws MalformedPayloadException {
            int start = pos;
            long value = 0;
            while (pos < s.length() && s.charAt(pos) != terminator) {
                char c = s.charAt(pos);
                if (c < '0' || c > '9') {
                    throw new MalformedPayloadException(what + ": '" + c + "' at " + pos + " is not a digit", null);
                }
                if (pos - start == maxDigits) {
                    throw new MalformedPayloadException(what + ": more than " + maxDigits + " digits at " + start,
                            null);
                }
                value = value * 10 + (c - '0');
                pos++;
            }
            if (pos == s.length()) {
                throw new MalformedPayloadException(what + ": no '" + terminator + "' after " + start, null);
            }
            if (pos == start) {
                throw new MalformedPayloadException(what + ": no digits at " + start, null);
            }
            if (value < 0) {
                throw new MalformedPayloadException(what + ": out of range at " + start, null);
            }
            pos++;
            return value;
        }

        int kind() throws MalformedPayloadException {
            if (pos + 1 >= s.length() || s.charAt(pos + 1) != ';') {
                throw new MalformedPayloadException("kind: expected K; or T; at " + pos, null);
            }
            char kind = s.charAt(pos);
            if (kind != 'K' && kind != 'T') {
                throw new MalformedPayloadException("kind: unknown kind '" + kind + "' at " + pos, null);
            }
            pos += 2;
            return kind;
        }

        String field(String what) throws MalformedPayloadException {
            int codePoints = (int) number(':', MAX_LENGTH_DIGITS, what + " length");
            int start = pos;
            int end;
            try {
                end = s.offsetByCodePoints(start, codePoints);
            } catch (IndexOutOfBoundsException e) {
                throw new MalformedPayloadException(what + ": length " + codePoints + " at " + start
                        + " runs past the end of the payload", null);
            }
            pos = end;
            return s.substring(start, end);
        }
    }
}
