package dev.dx.devserver.files;

import dev.dx.cim.Rejection;
import dev.dx.cim.http.HttpExchange;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path turned into the segments of a file path under a root, or refused.
 *
 * <p>The path (still percent-encoded, as the client sent it) is percent-decoded <em>once</em>, as UTF-8,
 * and then split at {@code /}: an encoded slash ({@code %2F}) separates segments like a plain one, and a
 * double-encoded form ({@code %252e%252e}) stays the literal name {@code %2e%2e}, which names no
 * parent. Empty segments and {@code .} are dropped; {@code ..} removes the segment before it. A path
 * whose {@code ..} would climb above the root ({@code /../x}, {@code /%2e%2e/x}, {@code /a/..%2F..%2Fx})
 * gives {@code null} from {@link #parse}: the caller answers {@code 404}, as for any file that is not
 * there, so nothing tells a probe where the root ends.
 *
 * <p>Refused with {@link BadPathException} ({@code 400}): a path that does not start with {@code /}, a
 * truncated or non-hex escape, NUL (encoded or not), a backslash (encoded or not: Windows would read it
 * as a separator), a raw non-ASCII character, and decoded bytes that are not UTF-8.
 */
final class SitePath {

    private final List<String> segments;
    private final boolean directorySyntax;

    private SitePath(List<String> segments, boolean directorySyntax) {
        this.segments = List.copyOf(segments);
        this.directorySyntax = directorySyntax;
    }

    /**
     * The path a file request asks for, or {@code null} once {@code x} is answered: {@code 405} for a method
     * other than GET and HEAD, {@code 400} for a malformed path, {@code 404} for one that climbs above the root.
     */
    static SitePath requested(HttpExchange x) {
        if (!MethodCheck.getOrHead(x)) {
            return null;
        }
        SitePath path;
        try {
            path = parse(x.path());
        } catch (BadPathException e) {
            x.reject(Rejection.BAD_REQUEST, "bad path: " + e.getMessage());
            return null;
        }
        if (path == null) {
            x.reject(Rejection.NOT_FOUND, "not found");
        }
        return path;
    }

    /**
     * The normalised path of {@code rawPath}, or {@code null} when it climbs above the root.
     *
     * @throws BadPathException naming the problem when the path is malformed
     */
    static SitePath parse(String rawPath) throws BadPathException {
        if (rawPath == null || !rawPath.startsWith("/")) {
            throw new BadPathException("the path does not start with /");
        }
        String decoded = decode(rawPath);
        List<String> segments = new ArrayList<>();
        int start = 1;
        boolean trailing = false;
        while (start <= decoded.length()) {
            int slash = decoded.indexOf('/', start);
            int end = slash < 0 ? decoded.length() : slash;
            String s = decoded.substring(start, end);
            trailing = slash >= 0 || s.isEmpty() || s.equals(".") || s.equals("..");
            if (s.equals("..")) {
                if (segments.isEmpty()) {
                    return null;
                }
                segments.remove(segments.size() - 1);
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return new SitePath(segments, trailing || segments.isEmpty());
    }

    /** The segments, none empty, {@code .} or {@code ..}; empty for the root. */
    List<String> segments() {
        return segments;
    }

    /** Whether the path asked for a directory: it ended in {@code /} (or was the root). */
    boolean directorySyntax() {
        return directorySyntax;
    }

    /** The path as served, starting with {@code /}, decoded: {@code /css/site.css}. */
    String served() {
        return "/" + String.join("/", segments) + (directorySyntax && !segments.isEmpty() ? "/" : "");
    }

    /** The path percent-encoded again for a {@code Location} header, with a trailing slash. */
    String encodedDirectory() {
        StringBuilder b = new StringBuilder();
        for (String s : segments) {
            b.append('/');
            encodeSegment(s, b);
        }
        return b.append('/').toString();
    }

    private static void encodeSegment(String s, StringBuilder b) {
        for (byte by : s.getBytes(StandardCharsets.UTF_8)) {
            int c = by & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
    }

    private static String decode(String raw) throws BadPathException {
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadPathException("truncated percent escape at index " + i);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadPathException("invalid percent escape at index " + i);
                }
                b = hi << 4 | lo;
                i += 2;
            } else if (c < 0x80) {
                b = c;
            } else {
                throw new BadPathException("unencoded non-ASCII character at index " + i);
            }
            if (b == 0) {
                throw new BadPathException("NUL in the path");
            }
            if (b == '\\') {
                throw new BadPathException("backslash in the path");
            }
            bytes[n++] = (byte) b;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new BadPathException("the path is not UTF-8 after percent decoding");
        }
    }

    @Override
    public String toString() {
        return served();
    }
}
