package dev.dx.codec.hbtp.internal;

import static dev.dx.codec.hbtp.internal.Rfc8439.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@link Poly1305} as a plain MAC (§2.5's final-block rule) against RFC 8439 §2.5.2 and A.3 #1–#11;
 * #5–#11 are the carries and reductions a 130-bit partial reduction gets wrong.
 */
class Poly1305Test {

    private static final String ZERO_16 = "00000000000000000000000000000000";

    private static String mac(String key, byte[] message) {
        Poly1305 poly = new Poly1305();
        poly.init(hex(key), 0);
        poly.message(message, 0, message.length);
        poly.finish();
        byte[] tag = new byte[16];
        poly.tag(tag, 0);
        return HexFormat.of().formatHex(tag);
    }

    private static String mac(String key, String message) {
        return mac(key, hex(message));
    }

    @Test
    void section252() {
        assertThat(mac("85d6be7857556d337f4452fe42d506a8 0103808afb0db2fd4abff6af4149f51b",
                Rfc8439.ascii("Cryptographic Forum Research Group")))
                .isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
    }

    @Test
    void appendixA3Vectors1To4() {
        assertThat(mac(ZERO_16 + ZERO_16, new byte[64])).as("#1").isEqualTo(ZERO_16);
        assertThat(mac(ZERO_16 + "36e5f6b5c5e06070f0efca96227a863e", Rfc8439.IETF)).as("#2")
                .isEqualTo("36e5f6b5c5e06070f0efca96227a863e");
        assertThat(mac("36e5f6b5c5e06070f0efca96227a863e" + ZERO_16, Rfc8439.IETF)).as("#3")
                .isEqualTo("f3477e7cd95417af89a6b8794c310cf0");
        assertThat(mac("1c9240a5eb55d38af333888604f6b5f0 473917c1402b80099dca5cbc207075c0", Rfc8439.JABBERWOCKY))
                .as("#4").isEqualTo("4541669a7eaaee61e708dc7cbcc5eb62");
    }

    @Test
    void appendixA3Vectors5To11() {
        String r2 = "02000000000000000000000000000000";
        String r1 = "01000000000000000000000000000000";
        String ones = "ffffffffffffffffffffffffffffffff";
        assertThat(mac(r2 + ZERO_16, ones)).as("#5").isEqualTo("03000000000000000000000000000000");
        assertThat(mac(r2 + ones, r2)).as("#6").isEqualTo("03000000000000000000000000000000");
        assertThat(mac(r1 + ZERO_16, ones + "f0ffffffffffffffffffffffffffffff" + "11000000000000000000000000000000"))
                .as("#7").isEqualTo("05000000000000000000000000000000");
        assertThat(mac(r1 + ZERO_16, ones + "fbfefefefefefefefefefefefefefefe" + "01010101010101010101010101010101"))
                .as("#8").isEqualTo(ZERO_16);
        assertThat(mac(r2 + ZERO_16, "fdffffffffffffffffffffffffffffff")).as("#9")
                .isEqualTo("faffffffffffffffffffffffffffffff");
        String r14 = "01000000000000000400000000000000";
        String three = "e33594d7505e43b90000000000000000" + "3394d7505e4379cd0100000000000000" + ZERO_16;
        assertThat(mac(r14 + ZERO_16, three + "01000000000000000000000000000000")).as("#10")
                .isEqualTo("14000000000000005500000000000000");
        assertThat(mac(r14 + ZERO_16, three)).as("#11").isEqualTo("13000000000000000000000000000000");
    }

    @Test
    void paddedAndLengthsBuildTheAeadInputOfSection282() {
        // §2.8.2 lists the whole Poly1305 input; fed as padded pieces it gives the same tag as one message.
        byte[] key = hex("7bac2b252db447af09b67a55a4e95584 0ae1d6731075d9eb2a9375783ed553ff");
        byte[] aad = hex("50515253c0c1c2c3c4c5c6c7");
        byte[] ciphertext = hex(ChaCha20Poly1305Test.SECTION_282_CIPHERTEXT);
        Poly1305 pieces = new Poly1305();
        pieces.init(key, 0);
        pieces.padded(aad, 0, aad.length);
        pieces.padded(ciphertext, 0, ciphertext.length);
        pieces.lengths(aad.length, ciphertext.length);
        pieces.finish();
        byte[] tag = new byte[16];
        pieces.tag(tag, 0);
        assertThat(HexFormat.of().formatHex(tag)).isEqualTo("1ae10b594f09e26a7e902ecbd0600691");
    }
}
