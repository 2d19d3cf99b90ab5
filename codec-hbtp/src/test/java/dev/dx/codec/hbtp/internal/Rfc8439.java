package dev.dx.codec.hbtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Inputs that several RFC 8439 test vectors share (the texts of §2.4.2, A.2, A.3, A.5 and their keys),
 * and {@link #hex} for the vectors' hex dumps, copied from the RFC with whitespace kept for reading.
 */
final class Rfc8439 {

    /** §2.4.2 and §2.8.2: "Ladies and Gentlemen of the class of '99 ..." (114 bytes). */
    static final byte[] SUNSCREEN = ascii("Ladies and Gentlemen of the class of '99: If I could offer you only one"
            + " tip for the future, sunscreen would be it.");
    /** A.2 #2, A.3 #2 and #3: the IETF contribution text (375 bytes). */
    static final byte[] IETF = ascii("Any submission to the IETF intended by the Contributor for publication as all"
            + " or part of an IETF Internet-Draft or RFC and any statement made within the context of an IETF"
            + " activity is considered an \"IETF Contribution\". Such statements include oral statements in IETF"
            + " sessions, as well as written and electronic communications made at any time or place, which are"
            + " addressed to");
    /** A.2 #3 and A.3 #4 (127 bytes). */
    static final byte[] JABBERWOCKY = ascii("'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\n"
            + "All mimsy were the borogoves,\nAnd the mome raths outgrabe.");
    /** §2.3.2, §2.4.2: the key 00 01 02 .. 1f. */
    static final byte[] KEY_00_1F = hex("000102030405060708090a0b0c0d0e0f 101112131415161718191a1b1c1d1e1f");
    /** §2.6.2, §2.8.2: the key 80 81 .. 9f. */
    static final byte[] KEY_80_9F = hex("808182838485868788898a8b8c8d8e8f 909192939495969798999a9b9c9d9e9f");
    /** A.2 #3, A.3 #4, A.4 #3, A.5. */
    static final byte[] KEY_1C92 = hex("1c9240a5eb55d38af333888604f6b5f0 473917c1402b80099dca5cbc207075c0");
    /** A.1 #3, A.2 #2, A.4 #2: 31 zero bytes, then 01. */
    static final byte[] KEY_ONE = hex("00000000000000000000000000000000 00000000000000000000000000000001");
    /** A.1 #5, A.2 #2 and #3, A.4 #2 and #3: eleven zero bytes, then 02. */
    static final byte[] NONCE_TWO = hex("000000000000000000000002");

    private Rfc8439() {
    }

    /** The bytes of a hex dump, whitespace ignored. */
    static byte[] hex(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
