package dev.dx.devserver.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What is served for one request path: its bytes (held, or in a file), their validators, content type
 * and whether they may be compressed.
 */
sealed interface Representation permits Representation.InMemory, Representation.OnDisk {

    /** The request path it is served under (the compression cache's key). */
    String served();

    /** The {@code content-type}. */
    String contentType();

    /** Whether it is compressed for browsers that accept it. */
    boolean compressible();

    /** Its validators. */
    Validators validators();

    /** The number of bytes. */
    long length();

    /** All its bytes (read from disk for a file). */
    byte[] bytes() throws IOException;

    /** Bytes made on the way out, or read from the class path. */
    record InMemory(String served, String contentType, boolean compressible, Validators validators, byte[] content)
            implements Representation {
        @Override
        public long length() {
            return content.length;
        }

        @Override
        public byte[] bytes() {
            return content;
        }
    }

    /** A file as it is on disk. */
    record OnDisk(String served, String contentType, boolean compressible, Validators validators, Path file, long length)
            implements Representation {
        @Override
        public byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }
    }
}
