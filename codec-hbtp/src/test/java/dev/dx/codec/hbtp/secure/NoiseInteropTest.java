package dev.dx.codec.hbtp.secure;

import static org.assertj.core.api.Assertions.assertThat;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import dev.dx.codec.hbtp.internal.FrameCipher;
import dev.dx.codec.hbtp.internal.NoiseHandshake;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spec §6: the codec's Noise handshake (JDK primitives) against an independent implementation,
 * noise-java (org.signal.forks), in both roles, for NK and XX with prologue {@code HBTP/1}; then the
 * split transport keys must agree: a frame sealed by one implementation opens in the other.
 */
class NoiseInteropTest {

    private static final byte[] TOKEN = "jwt-token".getBytes(StandardCharsets.US_ASCII);

    private static HandshakeState peer(HbtpNoisePattern pattern, int role, HbtpKeyPair local, byte[] remote)
            throws Exception {
        HandshakeState hs = new HandshakeState("Noise_" + pattern + "_25519_ChaChaPoly_SHA256", role);
        hs.setPrologue(NoiseHandshake.PROLOGUE, 0, NoiseHandshake.PROLOGUE.length);
        if (local != null && hs.needsLocalKeyPair()) {
            hs.getLocalKeyPair().setPrivateKey(local.privateKey(), 0);
        }
        if (remote != null && hs.needsRemotePublicKey()) {
            hs.getRemotePublicKey().setPublicKey(remote, 0);
        }
        hs.start();
        return hs;
    }

    private static NoiseHandshake.Pattern ours(HbtpNoisePattern p) {
        return p == HbtpNoisePattern.NK ? NoiseHandshake.Pattern.NK : NoiseHandshake.Pattern.XX;
    }

    @ParameterizedTest
    @EnumSource(HbtpNoisePattern.class)
    void oursAsInitiatorAgainstNoiseJavaResponder(HbtpNoisePattern pattern) throws Exception {
        HbtpKeyPair server = HbtpKeyPair.generate();
        HbtpKeyPair client = HbtpKeyPair.generate();
        NoiseHandshake me = new NoiseHandshake(ours(pattern), true,
                pattern == HbtpNoisePattern.XX ? client.privateKey() : null,
                pattern == HbtpNoisePattern.NK ? server.publicKey() : null, NoiseHandshake.PROLOGUE);
        HandshakeState them = peer(pattern, HandshakeState.RESPONDER, server, null);
        byte[] lastPayloadSeen = run(me, them, true, pattern);
        assertThat(lastPayloadSeen).isEqualTo(TOKEN);
        CipherStatePair pair = them.split();
        byte[][] keys = me.split();
        checkTransport(keys, pair);
        if (pattern == HbtpNoisePattern.XX) {
            assertThat(them.getRemotePublicKey()).isNotNull();
            byte[] seen = new byte[32];
            them.getRemotePublicKey().getPublicKey(seen, 0);
            assertThat(seen).isEqualTo(client.publicKey());
            assertThat(me.remoteStaticKey()).isEqualTo(server.publicKey());
        }
        assertThat(me.handshakeHash()).isEqualTo(them.getHandshakeHash());
    }

    @ParameterizedTest
    @EnumSource(HbtpNoisePattern.class)
    void noiseJavaInitiatorAgainstOursAsResponder(HbtpNoisePattern pattern) throws Exception {
        HbtpKeyPair server = HbtpKeyPair.generate();
        HbtpKeyPair client = HbtpKeyPair.generate();
        NoiseHandshake me = new NoiseHandshake(ours(pattern), false, server.privateKey(), null,
                NoiseHandshake.PROLOGUE);
        HandshakeState them = peer(pattern, HandshakeState.INITIATOR,
                pattern == HbtpNoisePattern.XX ? client : null, server.publicKey());
        byte[] lastPayloadSeen = run(me, them, false, pattern);
        assertThat(lastPayloadSeen).isEqualTo(TOKEN);
        CipherStatePair pair = them.split();
        checkTransport(me.split(), pair);
        assertThat(me.handshakeHash()).isEqualTo(them.getHandshakeHash());
    }

    @Test
    void wrongPinnedServerKeyFailsTheResponder() throws Exception {
        HbtpKeyPair server = HbtpKeyPair.generate();
        NoiseHandshake me = new NoiseHandshake(NoiseHandshake.Pattern.NK, true, null,
                HbtpKeyPair.generate().publicKey(), NoiseHandshake.PROLOGUE);
        HandshakeState them = peer(HbtpNoisePattern.NK, HandshakeState.RESPONDER, server, null);
        byte[] msg = me.writeMessage(TOKEN);
        byte[] payload = new byte[256];
        org.junit.jupiter.api.Assertions.assertThrows(javax.crypto.BadPaddingException.class,
                () -> them.readMessage(msg, 0, msg.length, payload, 0));
    }

    /**
     * Runs the handshake; the initiator sends TOKEN in its token-carrying message (NK: message 1, XX:
     * message 3, the first one encrypted). Returns the payload the responder read from it.
     */
    private static byte[] run(NoiseHandshake me, HandshakeState them, boolean meInitiator, HbtpNoisePattern pattern)
            throws Exception {
        int count = pattern == HbtpNoisePattern.NK ? 2 : 3;
        int tokenMessage = pattern == HbtpNoisePattern.NK ? 0 : 2;
        byte[] seen = null;
        byte[] buf = new byte[1024];
        for (int step = 0; step < count; step++) {
            byte[] payload = step == tokenMessage ? TOKEN : new byte[0];
            if (me.isMyTurn()) {
                byte[] msg = me.writeMessage(payload);
                assertThat(them.getAction()).isEqualTo(HandshakeState.READ_MESSAGE);
                int n = them.readMessage(msg, 0, msg.length, buf, 0);
                if (step == tokenMessage) {
                    seen = Arrays.copyOf(buf, n);
                }
            } else {
                assertThat(them.getAction()).isEqualTo(HandshakeState.WRITE_MESSAGE);
                int n = them.writeMessage(buf, 0, payload, 0, payload.length);
                byte[] got = me.readMessage(Arrays.copyOf(buf, n));
                if (step == tokenMessage) {
                    seen = got;
                }
            }
            assertThat(me.isComplete()).isEqualTo(step == count - 1);
        }
        assertThat(them.getAction()).isEqualTo(HandshakeState.SPLIT);
        assertThat(me.isComplete()).isTrue();
        return seen;
    }

    private static void checkTransport(byte[][] myKeys, CipherStatePair theirs) throws Exception {
        // Their sender → my receiver, and my sender → their receiver, with the header as AD.
        byte[] header = {0x31, 0x02, 0x09, 0x00, 21, 0, 0, 0};
        long headerLong = Unpooled.wrappedBuffer(header).getLongLE(0);
        byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = new byte[hello.length + 16];
        theirs.getSender().encryptWithAd(header, hello, 0, sealed, 0, hello.length);
        FrameCipher myReceiver = new FrameCipher(myKeys[1]);
        ByteBuf opened = Unpooled.buffer();
        try {
            myReceiver.open(headerLong, Unpooled.wrappedBuffer(sealed), 0, sealed.length, opened);
            assertThat(ByteBufUtil.getBytes(opened)).isEqualTo(hello);
        } finally {
            opened.release();
        }
        FrameCipher mySender = new FrameCipher(myKeys[0]);
        ByteBuf out = Unpooled.buffer();
        try {
            mySender.seal(headerLong, Unpooled.wrappedBuffer(hello), 0, hello.length, out);
            byte[] mine = ByteBufUtil.getBytes(out);
            byte[] plain = new byte[hello.length];
            theirs.getReceiver().decryptWithAd(header, mine, 0, plain, 0, mine.length);
            assertThat(plain).isEqualTo(hello);
        } finally {
            out.release();
        }
    }
}
