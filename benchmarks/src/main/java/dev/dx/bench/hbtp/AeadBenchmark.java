package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.internal.FrameCipher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sealing one HBTP frame body with ChaCha20-Poly1305 (spec §6): the JDK's JCE cipher (one instance
 * re-initialised per nonce, as {@code FrameCipher} does) on arrays and on direct {@code ByteBuffer}s
 * (the codec's case: pooled direct buffers), against BouncyCastle's lightweight cipher without JCE, at
 * 64 B, 1 KiB, 2.25 KiB (about a sealed Batch of 16 echo answers), 16 KiB and 64 KiB. Each operation
 * uses the next counter nonce (4 zero bytes ‖ u64 LE) and 8 bytes of associated data. The time at 64 B
 * is close to the fixed cost per call, which a sealed Batch (§12) pays once per flush instead of once
 * per frame.
 *
 * <p>{@code frameCipherDx} and {@code frameCipherJdk} are the codec's own path: {@code FrameCipher.seal}
 * between pooled direct {@code ByteBuf}s (header as AAD, counter nonce), on our ChaCha20-Poly1305
 * ({@code Engine.DX}) and on the JDK's ({@code Engine.JDK}); the JDK's intrinsic exists from JDK 20 on
 * x86_64 with AVX2, so run both on JDK 17 and on a recent JDK ({@code -jvm}).
 *
 * <p>The fork gets {@code --add-modules jdk.incubator.vector}, so our ChaCha20 takes its SIMD path
 * ({@code VectorChaCha20}); the fork also inherits the launching JVM's flags, so
 * {@code java -Ddx.hbtp.vector=false -jar benchmarks.jar AeadBenchmark} measures the same code without
 * it (the wide and scalar paths). The setup prints which path the fork runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class AeadBenchmark {

    @Param({"64", "1024", "2304", "16384", "65536"})
    public int size;

    private final byte[] key = new byte[32];
    private final byte[] aad = {0x31, 0x02, 0x09, 0x00, 0x50, 0, 0, 0};
    private final byte[] nonce = new byte[12];
    private byte[] plaintext;
    private byte[] out;
    private ByteBuffer directIn;
    private ByteBuffer directOut;
    private long counter;
    private Cipher jdk;
    private SecretKeySpec jdkKey;
    private ChaCha20Poly1305 bc;
    private KeyParameter bcKey;
    private FrameCipher dxCipher;
    private FrameCipher jdkCipher;
    private ByteBuf pooledIn;
    private ByteBuf pooledOut;
    private final long header = 0x0000_0050_0009_0231L;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        plaintext = new byte[size];
        out = new byte[size + 16];
        directIn = ByteBuffer.allocateDirect(size);
        directOut = ByteBuffer.allocateDirect(size + 16);
        jdk = Cipher.getInstance("ChaCha20-Poly1305");
        jdkKey = new SecretKeySpec(key, "ChaCha20");
        bc = new ChaCha20Poly1305();
        bcKey = new KeyParameter(key);
        dxCipher = new FrameCipher(key, FrameCipher.Engine.DX);
        jdkCipher = new FrameCipher(key, FrameCipher.Engine.JDK);
        pooledIn = PooledByteBufAllocator.DEFAULT.directBuffer(size).writeZero(size);
        pooledOut = PooledByteBufAllocator.DEFAULT.directBuffer(size + FrameCipher.TAG_LENGTH);
        System.out.println("AeadBenchmark: jdk.incubator.vector "
                + (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() ? "present" : "absent")
                + ", dx.hbtp.vector=" + System.getProperty("dx.hbtp.vector"));
        // both engines must produce the same sealed bytes, or the comparison is meaningless
        counter = 0;
        frameCipherDx();
        ByteBuf dxSealed = pooledOut.copy();
        counter = 0;
        frameCipherJdk();
        boolean same = pooledOut.readableBytes() == size + FrameCipher.TAG_LENGTH && dxSealed.equals(pooledOut);
        dxSealed.release();
        if (!same) {
            throw new IllegalStateException("FrameCipher DX and JDK disagree at size " + size);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pooledIn.release();
        pooledOut.release();
    }

    private byte[] nextNonce() {
        long n = counter++;
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        return nonce;
    }

    @Benchmark
    public int jdk() throws Exception {
        jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nextNonce()));
        jdk.updateAAD(aad);
        return jdk.doFinal(plaintext, 0, size, out, 0);
    }

    @Benchmark
    public int jdkDirect() throws Exception {
        jdk.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nextNonce()));
        jdk.updateAAD(aad);
        directIn.clear();
        directOut.clear();
        return jdk.doFinal(directIn, directOut);
    }

    @Benchmark
    public int frameCipherDx() {
        pooledOut.clear();
        dxCipher.counter(counter++);
        dxCipher.seal(header, pooledIn, 0, size, pooledOut);
        return pooledOut.writerIndex();
    }

    @Benchmark
    public int frameCipherJdk() {
        pooledOut.clear();
        jdkCipher.counter(counter++);
        jdkCipher.seal(header, pooledIn, 0, size, pooledOut);
        return pooledOut.writerIndex();
    }

    @Benchmark
    public int bouncyCastle() throws Exception {
        bc.init(true, new AEADParameters(bcKey, 128, nextNonce().clone(), aad));
        int n = bc.processBytes(plaintext, 0, size, out, 0);
        return n + bc.doFinal(out, n);
    }
}
