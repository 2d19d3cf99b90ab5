package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;
import static dev.dx.common.Checks.checkPositiveOrZero;

/**
 * Settings of an HBTP codec. Final, with fluent setters that validate their argument and return
 * {@code this}; the codec takes a {@link #snapshot()} when it is built, so later edits never reach a
 * running channel.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@link #maxFrameLength(int)}</td><td>16 MiB</td><td>largest {@code length} accepted
 *       (§2) and largest decompressed body (§5)</td></tr>
 *   <tr><td>{@link #compressionThreshold(int)}</td><td>1024</td><td>bodies of at least this many
 *       bytes are compressed when that makes them smaller; 0 turns automatic compression off</td></tr>
 *   <tr><td>{@link #compressionLevel(int)}</td><td>3</td><td>zstd level, -7 to 22</td></tr>
 *   <tr><td>{@link #dictionary(byte[])}</td><td>none</td><td>a zstd dictionary agreed out of band</td></tr>
 *   <tr><td>{@link #checksumOnSend(boolean)}</td><td>false</td><td>append CRC32C to every
 *       unencrypted frame sent</td></tr>
 *   <tr><td>{@link #maxMetadataLength(int)}</td><td>8 KiB</td><td>largest metadata block accepted
 *       (§11.1); a larger one fails its call with RESOURCE_EXHAUSTED</td></tr>
 *   <tr><td>{@link #encryptionRequired(boolean)}</td><td>false</td><td>answer plaintext frames
 *       other than Ping, Pong, Close and the handshake with UNAUTHORIZED (§6)</td></tr>
 *   <tr><td>{@link #peerVersion(HbtpVersion)}</td><td>{@link HbtpVersion#V1 V1}</td><td>the version
 *       the peer is known to speak; Batches (§12) go only to {@link HbtpVersion#V1_1 V1_1}</td></tr>
 *   <tr><td>{@link #batchPlaintext(boolean)}</td><td>false</td><td>also batch frames flushed together on
 *       a connection without keys (encrypted ones are batched whenever the peer speaks 1.1)</td></tr>
 * </table>
 */
public final class HbtpCodecConfig {

    /** The default maximum frame length: 16 MiB (§2). */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;
    /** The default compression threshold: 1 KiB (§5). */
    public static final int DEFAULT_COMPRESSION_THRESHOLD = 1024;
    /** The default zstd level. */
    public static final int DEFAULT_COMPRESSION_LEVEL = 3;

    private int maxFrameLength = DEFAULT_MAX_FRAME_LENGTH;
    private int compressionThreshold = DEFAULT_COMPRESSION_THRESHOLD;
    private int compressionLevel = DEFAULT_COMPRESSION_LEVEL;
    private byte[] dictionary;
    private boolean checksumOnSend;
    private boolean encryptionRequired;
    private int maxMetadataLength = HbtpMetadata.DEFAULT_LIMIT;
    private HbtpVersion peerVersion = HbtpVersion.V1;
    private boolean batchPlaintext;

    /** Creates a configuration with the defaults of the table above. */
    public HbtpCodecConfig() {
    }

    /** Sets the largest body length accepted, 1 to 2^31-9 bytes. */
    public HbtpCodecConfig maxFrameLength(int maxFrameLength) {
        this.maxFrameLength = checkInRange(maxFrameLength, 1, Integer.MAX_VALUE - HbtpHeader.SIZE,
                "maxFrameLength");
        return this;
    }

    /** Sets the smallest body that is compressed automatically; 0 turns automatic compression off. */
    public HbtpCodecConfig compressionThreshold(int compressionThreshold) {
        this.compressionThreshold = checkPositiveOrZero(compressionThreshold, "compressionThreshold");
        return this;
    }

    /** Sets the zstd compression level, -7 to 22. */
    public HbtpCodecConfig compressionLevel(int compressionLevel) {
        this.compressionLevel = checkInRange(compressionLevel, -7, 22, "compressionLevel");
        return this;
    }

    /** Sets a zstd dictionary shared with the peer (copied), or {@code null} for none. */
    public HbtpCodecConfig dictionary(byte[] dictionary) {
        if (dictionary != null) {
            checkPositive(dictionary.length, "dictionary.length");
        }
        this.dictionary = dictionary == null ? null : dictionary.clone();
        return this;
    }

    /** Sets whether every unencrypted frame sent carries a CRC32C trailer. */
    public HbtpCodecConfig checksumOnSend(boolean checksumOnSend) {
        this.checksumOnSend = checksumOnSend;
        return this;
    }

    /** Sets whether this side refuses plaintext application frames (§6). */
    public HbtpCodecConfig encryptionRequired(boolean encryptionRequired) {
        this.encryptionRequired = encryptionRequired;
        return this;
    }

    /**
     * Sets the largest metadata block accepted, in encoded bytes (§11.1; default 8 KiB). A well-formed
     * larger block fails its call with RpcError {@code RESOURCE_EXHAUSTED}; the connection stays open.
     */
    public HbtpCodecConfig maxMetadataLength(int maxMetadataLength) {
        this.maxMetadataLength = checkPositiveOrZero(maxMetadataLength, "maxMetadataLength");
        return this;
    }

    /**
     * Sets the version the peer is known to speak (§11.1; default {@link HbtpVersion#V1}, the safe
     * guess). Only to a {@link HbtpVersion#V1_1} peer does the encoder send Batches (§12): then, on an
     * encrypted connection, frames flushed together are sealed once.
     */
    public HbtpCodecConfig peerVersion(HbtpVersion peerVersion) {
        this.peerVersion = checkNotNull(peerVersion, "peerVersion");
        return this;
    }

    /** The version the peer is known to speak. */
    public HbtpVersion peerVersion() {
        return peerVersion;
    }

    /**
     * Sets whether frames flushed together are also batched on a connection without session keys (§12;
     * default false). It saves a write's framing, not an AEAD operation, so it is off until measured:
     * see {@code docs/hbtp.md}. Takes effect only with {@link #peerVersion(HbtpVersion)} V1_1.
     */
    public HbtpCodecConfig batchPlaintext(boolean batchPlaintext) {
        this.batchPlaintext = batchPlaintext;
        return this;
    }

    /** Whether frames are batched on a connection without session keys too. */
    public boolean batchPlaintext() {
        return batchPlaintext;
    }

    /** The largest metadata block accepted. */
    public int maxMetadataLength() {
        return maxMetadataLength;
    }

    /** The largest body length accepted. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** The smallest body compressed automatically, or 0 when automatic compression is off. */
    public int compressionThreshold() {
        return compressionThreshold;
    }

    /** The zstd level. */
    public int compressionLevel() {
        return compressionLevel;
    }

    /** A copy of the zstd dictionary, or {@code null}. */
    public byte[] dictionary() {
        return dictionary == null ? null : dictionary.clone();
    }

    /** Whether unencrypted frames are sent with a CRC32C trailer. */
    public boolean checksumOnSend() {
        return checksumOnSend;
    }

    /** Whether plaintext application frames are refused. */
    public boolean encryptionRequired() {
        return encryptionRequired;
    }

    /** Returns an independent copy, as codecs do when they are built. */
    public HbtpCodecConfig snapshot() {
        HbtpCodecConfig c = new HbtpCodecConfig();
        c.maxFrameLength = maxFrameLength;
        c.compressionThreshold = compressionThreshold;
        c.compressionLevel = compressionLevel;
        c.dictionary = dictionary;
        c.checksumOnSend = checksumOnSend;
        c.encryptionRequired = encryptionRequired;
        c.maxMetadataLength = maxMetadataLength;
        c.peerVersion = peerVersion;
        c.batchPlaintext = batchPlaintext;
        return c;
    }

    @Override
    public String toString() {
        return "HbtpCodecConfig(maxFrameLength=" + maxFrameLength + ", compressionThreshold="
                + compressionThreshold + ", compressionLevel=" + compressionLevel + ", dictionary="
                + (dictionary == null ? "none" : dictionary.length + "B") + ", checksumOnSend="
                + checksumOnSend + ", encryptionRequired=" + encryptionRequired
                + ", maxMetadataLength=" + maxMetadataLength + ", peerVersion=" + peerVersion
                + ", batchPlaintext=" + batchPlaintext + ")";
    }
}
