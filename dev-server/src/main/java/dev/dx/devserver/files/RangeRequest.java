package dev.dx.devserver.files;

/**
 * What a {@code Range} header asks of a representation of a known length.
 *
 * <ul>
 *   <li>{@link #WHOLE}: no header, a unit other than {@code bytes}, a header that does not parse
 *       (RFC 9110 §14.2: ignore it), or several ranges ({@code bytes=0-1,5-6}): this server answers
 *       several ranges with the whole representation ({@code 200}) rather than
 *       {@code multipart/byteranges}.</li>
 *   <li>{@link Satisfiable}: one range, {@code first-last}, {@code first-} or {@code -suffix}, clipped to
 *       the length: {@code 206} with {@code Content-Range: bytes first-last/length}.</li>
 *   <li>{@link #UNSATISFIABLE}: one range that starts at or past the end, or a zero suffix:
 *       {@code 416} with {@code Content-Range: bytes *}{@code /length}.</li>
 * </ul>
 */
sealed interface RangeRequest permits RangeRequest.Whole, RangeRequest.Satisfiable, RangeRequest.Unsatisfiable {

    /** Serve the whole representation. */
    RangeRequest WHOLE = new Whole();

    /** Answer 416. */
    RangeRequest UNSATISFIABLE = new Unsatisfiable();

    /** The whole representation. */
    record Whole() implements RangeRequest {
    }

    /** No byte of the range is in the representation. */
    record Unsatisfiable() implements RangeRequest {
    }

    /** Bytes {@code first} to {@code last}, both included, of {@code total}. */
    record Satisfiable(long first, long last, long total) implements RangeRequest {

        /** The number of bytes in the range. */
        long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value. */
        String contentRange() {
            return "bytes " + first + '-' + last + '/' + total;
        }
    }

    /** What {@code header} (may be {@code null}) asks of a representation of {@code length} bytes. */
    static RangeRequest parse(String header, long length) {
        if (header == null) {
            return WHOLE;
        }
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return WHOLE;
        }
        String spec = h.substring(eq + 1).trim();
        if (spec.indexOf(',') >= 0) {
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        long first = digits(spec.substring(0, dash).trim());
        long last = digits(spec.substring(dash + 1).trim());
        if (dash == 0 || spec.substring(0, dash).isBlank()) {
            if (last < 0) {
                return WHOLE;
            }
            if (last == 0 || length == 0) {
                return UNSATISFIABLE;
            }
            return new Satisfiable(Math.max(0, length - last), length - 1, length);
        }
        if (first < 0) {
            return WHOLE;
        }
        boolean open = spec.substring(dash + 1).isBlank();
        if (!open && (last < 0 || last < first)) {
            return WHOLE;
        }
        if (first >= length) {
            return UNSATISFIABLE;
        }
        return new Satisfiable(first, open ? length - 1 : Math.min(last, length - 1), length);
    }

    /** The value of a non-empty run of ASCII digits, or -1 (also on overflow). */
    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
