package dev.dx.bench.hbtp;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyAgreement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One X25519 Diffie-Hellman and one key generation (private key and its public key), the two operations
 * a Noise NK handshake repeats (each side: one key generation, two DHs):
 * <ul>
 *   <li>{@code jdk*}: the JDK 17 XDH provider as codec-hbtp used it before (a new {@code KeyFactory},
 *       key objects and {@code KeyAgreement} per DH; a key generation was {@code KeyPairGenerator} for
 *       the private key, then a DH with the base point for the public key);</li>
 *   <li>{@code jdkReused*}: the same provider with the factory and agreement objects made once, and
 *       {@code KeyPairGenerator} returning both halves (the least the JDK path can cost);</li>
 *   <li>{@code bc*}: BouncyCastle's {@code org.bouncycastle.math.ec.rfc7748.X25519} ({@code scalarMult},
 *       and {@code scalarMultBase} for the public key, which uses a precomputed table);</li>
 *   <li>{@code codec*}: codec-hbtp's {@code X25519} as it is now.</li>
 * </ul>
 *
 * <pre>
 * taskset -c 1 java -jar benchmarks/target/benchmarks.jar X25519Benchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class X25519Benchmark {

    private static final byte[] BASE_POINT = new byte[32];

    static {
        BASE_POINT[0] = 9;
    }

    private final SecureRandom random = new SecureRandom();
    private byte[] privateKey;
    private byte[] peerPublicKey;
    private KeyFactory factory;
    private KeyAgreement agreement;
    private KeyPairGenerator generator;
    private PrivateKey jdkPrivate;
    private PublicKey jdkPeerPublic;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        privateKey = new byte[32];
        random.nextBytes(privateKey);
        byte[] peerPrivate = new byte[32];
        random.nextBytes(peerPrivate);
        peerPublicKey = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(peerPrivate, 0, peerPublicKey, 0);
        factory = KeyFactory.getInstance("XDH");
        agreement = KeyAgreement.getInstance("X25519");
        generator = KeyPairGenerator.getInstance("X25519");
        jdkPrivate = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey));
        jdkPeerPublic = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, toU(peerPublicKey)));
    }

    // ---- the JDK path as codec-hbtp used it

    @Benchmark
    public byte[] jdkDh() throws Exception {
        return jdkDhFresh(privateKey, peerPublicKey);
    }

    @Benchmark
    public byte[] jdkKeyGen() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        byte[] k = ((XECPrivateKey) kp.getPrivate()).getScalar().orElseThrow();
        return jdkDhFresh(k, BASE_POINT);
    }

    private static byte[] jdkDhFresh(byte[] k, byte[] u) throws Exception {
        KeyFactory f = KeyFactory.getInstance("XDH");
        PrivateKey priv = f.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k.clone()));
        PublicKey pub = f.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, toU(u)));
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(priv);
        ka.doPhase(pub, true);
        return ka.generateSecret();
    }

    // ---- the JDK path with its objects reused

    @Benchmark
    public byte[] jdkReusedDh() throws Exception {
        PublicKey pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, toU(peerPublicKey)));
        agreement.init(jdkPrivate);
        agreement.doPhase(pub, true);
        return agreement.generateSecret();
    }

    /** The DH alone, with both key objects built beforehand. */
    @Benchmark
    public byte[] jdkReusedDhKeysBuilt() throws Exception {
        agreement.init(jdkPrivate);
        agreement.doPhase(jdkPeerPublic, true);
        return agreement.generateSecret();
    }

    @Benchmark
    public KeyPair jdkReusedKeyGen() {
        return generator.generateKeyPair();
    }

    // ---- BouncyCastle

    @Benchmark
    public byte[] bcDh() {
        byte[] r = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(privateKey, 0, peerPublicKey, 0, r, 0);
        return r;
    }

    @Benchmark
    public byte[] bcKeyGen() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        byte[] r = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMultBase(k, 0, r, 0);
        return r;
    }

    /** The public key through the Montgomery ladder instead of the base-point table. */
    @Benchmark
    public byte[] bcKeyGenLadder() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        byte[] r = new byte[32];
        org.bouncycastle.math.ec.rfc7748.X25519.scalarMult(k, 0, BASE_POINT, 0, r, 0);
        return r;
    }

    // ---- codec-hbtp as it is

    @Benchmark
    public byte[] codecDh() {
        return dev.dx.codec.hbtp.internal.X25519.dh(privateKey, peerPublicKey);
    }

    @Benchmark
    public byte[] codecKeyGen() {
        return dev.dx.codec.hbtp.internal.X25519.publicKey(dev.dx.codec.hbtp.internal.X25519.generatePrivateKey());
    }

    private static BigInteger toU(byte[] le) {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = le[31 - i];
        }
        be[0] &= 0x7F;
        return new BigInteger(1, be);
    }
}
