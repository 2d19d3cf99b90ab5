package dev.dx.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's golden test vectors, one folder for every module's tests on every OS: the HBTP frames
 * and AEAD/Noise vectors, and the Teleport messages, kept under {@code dev/dx/golden/} in this jar.
 *
 * <p>Each file's SHA-256 is recorded in {@code dev/dx/golden/SHA256SUMS}, and every read checks it: a
 * vector that was edited without its recorded digest being updated too fails the test that reads it
 * (and {@code GoldenVectorsTest} checks them all). A vector is an expected output; changing one is a
 * deliberate act in two places, never a way to make a failing test pass.
 *
 * <pre>
 * byte[] user = GoldenVectors.hex("teleport/user.hex");
 * String frames = GoldenVectors.text("hbtp/golden-frames.txt");
 * </pre>
 */
public final class GoldenVectors {

    /** The folder of the vectors on the class path. */
    public static final String ROOT = "/dev/dx/golden/";
    /** The digest list, in {@code sha256sum} format. */
    public static final String SUMS = "SHA256SUMS";

    private static volatile Map<String, String> sums;

    private GoldenVectors() {
    }

    /** The bytes of vector {@code path} (relative to {@link #ROOT}), checked against its digest. */
    public static byte[] bytes(String path) {
        return checked(path, read(path));
    }

    /** Returns {@code content} if it is what {@link #SUMS} records for {@code path}; fails otherwise. */
    static byte[] checked(String path, byte[] content) {
        String expected = sums().get(path);
        if (expected == null) {
            throw new AssertionError("golden vector " + path + " is not listed in " + ROOT + SUMS);
        }
        String actual = sha256(content);
        if (!actual.equals(expected)) {
            throw new AssertionError("golden vector " + path + " changed: its SHA-256 is " + actual + ", " + SUMS
                    + " records " + expected + ". A vector changes only together with its recorded digest:"
                    + " update both, deliberately, in one commit");
        }
        return content;
    }

    /** Vector {@code path} as UTF-8 text. */
    public static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    /**
     * The bytes written as hex in vector {@code path}: pairs of hex digits, whitespace ignored, and
     * everything from {@code #} to the end of a line a comment.
     */
    public static byte[] hex(String path) {
        return parseHex(text(path));
    }

    /** Whether vector {@code path} exists (listed or not). */
    public static boolean exists(String path) {
        return GoldenVectors.class.getResource(ROOT + path) != null;
    }

    /** Every listed vector and its recorded SHA-256, in the order of {@link #SUMS}. */
    public static Map<String, String> sums() {
        Map<String, String> s = sums;
        if (s == null) {
            s = new LinkedHashMap<>();
            for (String line : new String(read(SUMS), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                int space = line.indexOf("  ");
                if (space != 64) {
                    throw new AssertionError(ROOT + SUMS + ": not a sha256sum line: " + line);
                }
                s.put(line.substring(66).trim(), line.substring(0, 64));
            }
            sums = s;
        }
        return s;
    }

    /** Hex digits to bytes, as {@link #hex(String)} reads them. */
    public static byte[] parseHex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            digits.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + ")");
        }
        return HexFormat.of().parseHex(digits);
    }

    /** The lowercase hex SHA-256 of {@code content}. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(String path) {
        try (InputStream in = GoldenVectors.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new AssertionError("no golden vector " + ROOT + path + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
