package dev.dx.devserver.files;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * The content codings this server compresses text with, and the choice among them from
 * {@code Accept-Encoding}: zstd when the browser accepts it, else gzip, else none. A coding is accepted
 * when it is listed, or covered by {@code *}, with a {@code q} above zero; {@code q=0} refuses it.
 */
enum ContentCoding {
    /** Zstandard (RFC 8878), level 3. */
    ZSTD("zstd"),
    /** gzip (RFC 1952). */
    GZIP("gzip");

    private static final int ZSTD_LEVEL = 3;

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The {@code Content-Encoding} token. */
    String token() {
        return token;
    }

    /** The coding to use for {@code acceptEncoding} (may be {@code null}), or {@code null} for none. */
    static ContentCoding negotiate(String acceptEncoding) {
        if (acceptEncoding == null) {
            return null;
        }
        float zstd = -1;
        float gzip = -1;
        float any = -1;
        for (String part : acceptEncoding.split(",")) {
            String[] fields = part.split(";");
            String name = fields[0].trim().toLowerCase(Locale.ROOT);
            float q = quality(fields);
            switch (name) {
                case "zstd" -> zstd = q;
                case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
                case "*" -> any = q;
                default -> {
                }
            }
        }
        if (zstd < 0) {
            zstd = any;
        }
        if (gzip < 0) {
            gzip = any;
        }
        if (zstd > 0) {
            return ZSTD;
        }
        return gzip > 0 ? GZIP : null;
    }

    /** The {@code q} parameter of a list element (1 when absent, 0 when it does not parse). */
    private static float quality(String[] fields) {
        for (int i = 1; i < fields.length; i++) {
            String f = fields[i].trim();
            if (f.length() > 2 && (f.charAt(0) == 'q' || f.charAt(0) == 'Q') && f.charAt(1) == '=') {
                try {
                    float q = Float.parseFloat(f.substring(2).trim());
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** {@code content} compressed with this coding. */
    byte[] compress(byte[] content) {
        if (this == ZSTD) {
            return Zstd.compress(content, ZSTD_LEVEL);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, content.length / 3));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }
}
