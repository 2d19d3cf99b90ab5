package dev.dx.devserver.files;

import static dev.dx.common.Checks.checkPositive;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compressed bytes kept between requests, keyed by (path, ETag, coding): an edit changes the ETag, so
 * a stale entry is never served, only left to age out. Bounded by entries and by total bytes; the least
 * recently used go first. Thread-safe (one lock; compression runs outside it, so two threads that miss
 * at once both compress, and the second result is kept).
 */
final class CompressedCache {

    /** Reads the uncompressed bytes on a miss. */
    @FunctionalInterface
    interface PlainBytes {
        byte[] read() throws IOException;
    }

    private record Key(String path, String etag, ContentCoding coding) {
    }

    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    /** A cache of at most {@code maxEntries} entries and {@code maxBytes} bytes. */
    CompressedCache(int maxEntries, long maxBytes) {
        this.maxEntries = checkPositive(maxEntries, "maxEntries");
        this.maxBytes = checkPositive(maxBytes, "maxBytes");
    }

    /** The bytes of {@code path} at {@code etag} compressed with {@code coding}, compressing on a miss. */
    byte[] get(String path, String etag, ContentCoding coding, PlainBytes plain) throws IOException {
        Key key = new Key(path, etag, coding);
        synchronized (this) {
            byte[] hit = entries.get(key);
            if (hit != null) {
                return hit;
            }
        }
        byte[] compressed = coding.compress(plain.read());
        if (compressed.length <= maxBytes) {
            put(key, compressed);
        }
        return compressed;
    }

    private synchronized void put(Key key, byte[] value) {
        byte[] old = entries.put(key, value);
        bytes += value.length - (old == null ? 0 : old.length);
        var it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
            Map.Entry<Key, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }

    /** The number of entries held. */
    synchronized int size() {
        return entries.size();
    }

    /** The bytes held. */
    synchronized long bytes() {
        return bytes;
    }
}
