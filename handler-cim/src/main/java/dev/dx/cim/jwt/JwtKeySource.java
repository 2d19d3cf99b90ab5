package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

/**
 * Where a {@link JwtVerifier} gets its keys: a fixed {@link JWKSet} ({@link #of}), one read from a file
 * ({@link #fromFile}), or one fetched from a URL and refreshed in the background
 * ({@link RefreshingJwkSource}).
 *
 * <p>The verifier calls {@link #current()} on every token it has not cached, so it must be cheap (a field
 * read). When it returns a different {@code JWKSet} instance, the verifier re-indexes the keys and
 * empties its cache of verified tokens, so a key that was withdrawn stops verifying at once.
 */
@FunctionalInterface
public interface JwtKeySource {

    /** The largest JWK Set file {@link #fromFile} reads. */
    int MAX_FILE_BYTES = 1 << 20;

    /** The keys to use now. */
    JWKSet current();

    /** Always {@code keys}. */
    static JwtKeySource of(JWKSet keys) {
        checkNotNull(keys, "keys");
        return () -> keys;
    }

    /**
     * The JWK Set in {@code file} (JSON, at most {@link #MAX_FILE_BYTES}), read once, now.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is too large or not a JWK Set
     */
    static JwtKeySource fromFile(Path file) {
        checkNotNull(file, "file");
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("JWK Set file " + file + " : " + size + " bytes (expected: <= "
                        + MAX_FILE_BYTES + ")");
            }
            return of(JWKSet.parse(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JWK Set file " + file, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("JWK Set file " + file + " is not a JWK Set: " + e.getMessage(), e);
        }
    }
}
