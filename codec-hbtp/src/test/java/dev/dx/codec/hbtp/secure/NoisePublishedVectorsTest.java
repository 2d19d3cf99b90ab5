package dev.dx.codec.hbtp.secure;

import java.io.ByteArrayInputStream;
import dev.dx.testing.GoldenVectors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.codec.hbtp.internal.NoiseHandshake;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spec §6: the codec's Noise handshake against the <em>published</em> test vectors of the cacophony
 * project for {@code Noise_NK_25519_ChaChaPoly_SHA256} and {@code Noise_XX_25519_ChaChaPoly_SHA256}
 * (kept in dx-testing's golden folder, {@code hbtp/noise/}, public domain, values unchanged).
 *
 * <p>Each vector fixes both sides' static and ephemeral keys and a prologue, then lists messages with
 * their payloads and the exact bytes on the wire. The handshake messages must come out byte for byte
 * from our writer on one side and be accepted by our reader on the other, the handshake hashes must
 * equal the vector's, and the keys from {@link NoiseHandshake#split()} must produce the transport
 * messages that follow (Noise transport: ChaCha20-Poly1305, counter nonce, empty associated data;
 * HBTP then binds its frame header as associated data, which the vectors cannot cover).
 */
class NoisePublishedVectorsTest {

    private static final int TAG_LEN = 16;

    private static Properties vector(NoiseHandshake.Pattern pattern) throws IOException {
        String name = "hbtp/noise/" + pattern.protocolName() + ".properties";
        Properties p = new Properties();
        try (InputStream in = new ByteArrayInputStream(GoldenVectors.bytes(name))) {
            p.load(in);
        }
        assertThat(p.getProperty("protocol_name")).isEqualTo(pattern.protocolName());
        return p;
    }

    private static byte[] hex(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : ByteBufUtil.decodeHexDump(v);
    }

    private static NoiseHandshake initiator(NoiseHandshake.Pattern pattern, Properties v) {
        return new NoiseHandshake(pattern, true, hex(v, "init_static"), hex(v, "init_remote_static"),
                hex(v, "init_prologue")).fixedEphemeral(hex(v, "init_ephemeral"));
    }

    private static NoiseHandshake responder(NoiseHandshake.Pattern pattern, Properties v) {
        return new NoiseHandshake(pattern, false, hex(v, "resp_static"), hex(v, "resp_remote_static"),
                hex(v, "resp_prologue")).fixedEphemeral(hex(v, "resp_ephemeral"));
    }

    @ParameterizedTest
    @EnumSource(NoiseHandshake.Pattern.class)
    void handshakeAndTransportMessagesMatchThePublishedVector(NoiseHandshake.Pattern pattern) throws Exception {
        Properties v = vector(pattern);
        NoiseHandshake init = initiator(pattern, v);
        NoiseHandshake resp = responder(pattern, v);
        int count = Integer.parseInt(v.getProperty("message_count"));
        assertThat(count).isGreaterThan(pattern.messageCount());

        for (int i = 0; i < pattern.messageCount(); i++) {
            NoiseHandshake writer = i % 2 == 0 ? init : resp;
            NoiseHandshake reader = i % 2 == 0 ? resp : init;
            byte[] payload = hex(v, "message." + i + ".payload");
            byte[] wire = writer.writeMessage(payload);
            assertThat(ByteBufUtil.hexDump(wire)).as("handshake message %d", i)
                    .isEqualTo(v.getProperty("message." + i + ".ciphertext"));
            assertThat(reader.readMessage(wire)).as("payload of handshake message %d", i).isEqualTo(payload);
        }
        assertThat(init.isComplete()).isTrue();
        assertThat(resp.isComplete()).isTrue();
        assertThat(ByteBufUtil.hexDump(init.handshakeHash())).isEqualTo(v.getProperty("handshake_hash"));
        assertThat(ByteBufUtil.hexDump(resp.handshakeHash())).isEqualTo(v.getProperty("handshake_hash"));

        // split(): {send, receive} per side; the initiator's send key is the responder's receive key.
        byte[][] initKeys = init.split();
        byte[][] respKeys = resp.split();
        assertThat(initKeys[0]).isEqualTo(respKeys[1]);
        assertThat(initKeys[1]).isEqualTo(respKeys[0]);
        long initToResp = 0;
        long respToInit = 0;
        for (int i = pattern.messageCount(); i < count; i++) {
            boolean fromInitiator = i % 2 == 0;
            byte[] key = fromInitiator ? initKeys[0] : respKeys[0];
            long nonce = fromInitiator ? initToResp++ : respToInit++;
            byte[] payload = hex(v, "message." + i + ".payload");
            byte[] expected = hex(v, "message." + i + ".ciphertext");
            assertThat(ByteBufUtil.hexDump(transport(Cipher.ENCRYPT_MODE, key, nonce, payload)))
                    .as("transport message %d", i).isEqualTo(ByteBufUtil.hexDump(expected));
            byte[] receiveKey = fromInitiator ? respKeys[1] : initKeys[1];
            assertThat(transport(Cipher.DECRYPT_MODE, receiveKey, nonce, expected)).isEqualTo(payload);
        }
    }

    /**
     * A responder handed its static public key (computed once per {@code HbtpKeyPair}, as
     * {@code HbtpServerHandshaker} does) writes the vector's bytes too; the two halves go together.
     */
    @ParameterizedTest
    @EnumSource(NoiseHandshake.Pattern.class)
    void aResponderGivenItsPrecomputedPublicKeyMatchesThePublishedVector(NoiseHandshake.Pattern pattern)
            throws Exception {
        Properties v = vector(pattern);
        byte[] staticKey = hex(v, "resp_static");
        NoiseHandshake init = initiator(pattern, v);
        NoiseHandshake resp = new NoiseHandshake(pattern, false, staticKey,
                HbtpKeyPair.fromPrivateKey(staticKey).publicKey(), hex(v, "resp_remote_static"),
                hex(v, "resp_prologue")).fixedEphemeral(hex(v, "resp_ephemeral"));
        for (int i = 0; i < pattern.messageCount(); i++) {
            NoiseHandshake writer = i % 2 == 0 ? init : resp;
            NoiseHandshake reader = i % 2 == 0 ? resp : init;
            byte[] wire = writer.writeMessage(hex(v, "message." + i + ".payload"));
            assertThat(ByteBufUtil.hexDump(wire)).as("handshake message %d", i)
                    .isEqualTo(v.getProperty("message." + i + ".ciphertext"));
            reader.readMessage(wire);
        }
        assertThat(ByteBufUtil.hexDump(resp.handshakeHash())).isEqualTo(v.getProperty("handshake_hash"));
        assertThatThrownBy(() -> new NoiseHandshake(pattern, false, staticKey, null, null, NoiseHandshake.PROLOGUE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("go together");
    }

    @ParameterizedTest
    @EnumSource(NoiseHandshake.Pattern.class)
    void aFlippedBitInThePublishedSecondMessageIsRejected(NoiseHandshake.Pattern pattern) throws Exception {
        Properties v = vector(pattern);
        NoiseHandshake init = initiator(pattern, v);
        NoiseHandshake resp = responder(pattern, v);
        resp.readMessage(init.writeMessage(hex(v, "message.0.payload")));
        byte[] second = hex(v, "message.1.ciphertext");
        second[second.length - 1] ^= 0x01; // last byte of the payload's tag
        assertThatThrownBy(() -> init.readMessage(second)).isInstanceOf(AEADBadTagException.class);
    }

    /** Noise transport message: ChaCha20-Poly1305, nonce = 4 zero bytes + 64-bit little-endian counter. */
    private static byte[] transport(int mode, byte[] key, long counter, byte[] in) throws Exception {
        byte[] nonce = new byte[12];
        for (int b = 0; b < 8; b++) {
            nonce[4 + b] = (byte) (counter >>> (8 * b));
        }
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        byte[] out = c.doFinal(in);
        assertThat(out.length).isEqualTo(mode == Cipher.ENCRYPT_MODE ? in.length + TAG_LEN : in.length - TAG_LEN);
        return out;
    }
}
