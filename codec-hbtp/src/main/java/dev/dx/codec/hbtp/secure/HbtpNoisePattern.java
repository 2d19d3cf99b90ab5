package dev.dx.codec.hbtp.secure;

/** The Noise handshake patterns HBTP allows (spec §6), all with 25519, ChaChaPoly and SHA256. */
public enum HbtpNoisePattern {
    /** {@code Noise_NK_25519_ChaChaPoly_SHA256}, the default: the client knows the server's static key. */
    NK,
    /** {@code Noise_XX_25519_ChaChaPoly_SHA256}: both sides prove a static key (mutual authentication). */
    XX
}
