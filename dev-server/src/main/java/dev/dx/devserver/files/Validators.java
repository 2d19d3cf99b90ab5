package dev.dx.devserver.files;

import io.netty.handler.codec.DateFormatter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;

/**
 * Validators of a representation, its strong {@code ETag} and its {@code Last-Modified} time, and the
 * conditional request headers that compare with them.
 *
 * <ul>
 *   <li>{@code If-None-Match} (any of the tags, or {@code *}, weak comparison; the tag of a compressed
 *       answer counts as the plain one's): not modified. When it
 *       is present {@code If-Modified-Since} is not looked at (RFC 9110 §13.1.3).</li>
 *   <li>{@code If-Modified-Since}: not modified when the file's time, in whole seconds, is not after it.
 *       A date that does not parse is ignored.</li>
 *   <li>{@code If-Range}: the range applies only when the header is the current strong tag, or a date
 *       equal to {@code Last-Modified}; otherwise the whole representation is sent.</li>
 * </ul>
 *
 * @param etag the strong entity tag, quotes included
 * @param lastModifiedMillis the modification time in milliseconds, or -1 when there is none
 */
record Validators(String etag, long lastModifiedMillis) {

    /** The validators of a file as it is on disk: its size and modification time in nanoseconds. */
    static Validators ofFile(long size, long modifiedNanos) {
        return new Validators('"' + Long.toHexString(size) + '-' + Long.toHexString(modifiedNanos) + '"',
                modifiedNanos / 1_000_000);
    }

    /** The validators of bytes made on the way out (rewritten HTML, classpath resources): a content hash. */
    static Validators ofContent(byte[] content, long lastModifiedMillis) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(content);
            return new Validators('"' + HexFormat.of().formatHex(sha, 0, 16) + '"', lastModifiedMillis);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The {@code Last-Modified} value, or {@code null} when there is no time. */
    String lastModified() {
        return lastModifiedMillis < 0 ? null : DateFormatter.format(new Date(lastModifiedMillis));
    }

    /** Whether the conditional headers say the client's copy is current ({@code 304}). */
    boolean notModified(String ifNoneMatch, String ifModifiedSince) {
        if (ifNoneMatch != null) {
            return matchesAny(ifNoneMatch);
        }
        if (ifModifiedSince == null || lastModifiedMillis < 0) {
            return false;
        }
        Date since = DateFormatter.parseHttpDate(ifModifiedSince);
        return since != null && lastModifiedMillis / 1000 <= since.getTime() / 1000;
    }

    /** Whether a range may be served under {@code ifRange} (may be {@code null}: no condition). */
    boolean rangeAllowed(String ifRange) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return v.equals(etag);
        }
        Date date = DateFormatter.parseHttpDate(v);
        return date != null && lastModifiedMillis >= 0 && date.getTime() / 1000 == lastModifiedMillis / 1000;
    }

    private boolean matchesAny(String ifNoneMatch) {
        for (String t : ifNoneMatch.split(",")) {
            String tag = t.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag) || tag.equals(codedTag("zstd")) || tag.equals(codedTag("gzip"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tag of the representation compressed with {@code coding} ({@code "tag-zstd"}), so compressed
     * and plain bytes never share a strong tag; {@code If-None-Match} accepts either.
     */
    String codedTag(String coding) {
        return etag.substring(0, etag.length() - 1) + '-' + coding + '"';
    }
}
