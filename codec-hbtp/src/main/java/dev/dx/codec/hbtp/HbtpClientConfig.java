package dev.dx.codec.hbtp;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositive;

import dev.dx.codec.hbtp.secure.HbtpHandshakeConfig;

/**
 * Settings of an {@link HbtpClient}: the codec's settings, an optional §6 handshake, the default
 * per-call timeout and the server's protocol version. Final, fluent and validated.
 */
public final class HbtpClientConfig {

    private HbtpCodecConfig codec = new HbtpCodecConfig();
    private HbtpHandshakeConfig handshake;
    private long callTimeoutMillis = 30_000;
    private HbtpVersion peerVersion = HbtpVersion.V1_1;

    /**
     * Sets the version the server is known to speak (default {@link HbtpVersion#V1_1}): only an HBTP/1.1
     * server is sent metadata, {@code hbtp-timeout} and RpcCancel (§11.1).
     */
    public HbtpClientConfig peerVersion(HbtpVersion peerVersion) {
        this.peerVersion = checkNotNull(peerVersion, "peerVersion");
        return this;
    }

    /** The version the server is known to speak. */
    public HbtpVersion peerVersion() {
        return peerVersion;
    }

    /** Sets the codec settings (copied). */
    public HbtpClientConfig codec(HbtpCodecConfig codec) {
        this.codec = checkNotNull(codec, "codec").snapshot();
        return this;
    }

    /** Sets the handshake (encryption on), or {@code null} for plaintext. */
    public HbtpClientConfig handshake(HbtpHandshakeConfig handshake) {
        this.handshake = handshake == null ? null : handshake.snapshot();
        return this;
    }

    /** Sets the default per-call timeout. */
    public HbtpClientConfig callTimeoutMillis(long callTimeoutMillis) {
        this.callTimeoutMillis = checkPositive(callTimeoutMillis, "callTimeoutMillis");
        return this;
    }

    /** The codec settings. */
    public HbtpCodecConfig codec() {
        return codec.snapshot();
    }

    /** The handshake settings, or {@code null}. */
    public HbtpHandshakeConfig handshake() {
        return handshake == null ? null : handshake.snapshot();
    }

    /** The default per-call timeout. */
    public long callTimeoutMillis() {
        return callTimeoutMillis;
    }
}
