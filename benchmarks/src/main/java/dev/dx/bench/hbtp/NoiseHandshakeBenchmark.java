package dev.dx.bench.hbtp;

import dev.dx.codec.hbtp.internal.NoiseHandshake;
import dev.dx.codec.hbtp.secure.HbtpKeyPair;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
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
 * A whole {@code Noise_NK_25519_ChaChaPoly_SHA256} handshake in memory, without sockets or frames: the
 * CPU one handshake costs, as {@code HbtpClientHandshaker} and {@code HbtpServerHandshaker} drive it
 * (the client sends a 32-byte token in the first message, the server answers with an empty payload,
 * both split the transport keys). {@code handshake} runs both sides; {@code responder} only the server's
 * part (a new responder reads the same first message each time, writes its answer and splits), the cost
 * a server pays per connection; {@code responderDerivingItsPublicKey} is the server's part when the
 * static public key is derived per handshake instead of once per {@code HbtpKeyPair}.
 *
 * <pre>
 * taskset -c 1 java -jar benchmarks/target/benchmarks.jar NoiseHandshakeBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoiseHandshakeBenchmark {

    private final byte[] token = new byte[32];
    private byte[] serverPrivate;
    private byte[] serverPublic;
    private byte[] firstMessage;

    @Setup(Level.Trial)
    public void setup() {
        HbtpKeyPair server = HbtpKeyPair.generate();
        serverPrivate = server.privateKey();
        serverPublic = server.publicKey();
        firstMessage = new NoiseHandshake(NoiseHandshake.Pattern.NK, true, null, serverPublic, NoiseHandshake.PROLOGUE)
                .writeMessage(token);
    }

    @Benchmark
    public byte[][] handshake() throws AEADBadTagException {
        NoiseHandshake client = new NoiseHandshake(NoiseHandshake.Pattern.NK, true, null, serverPublic,
                NoiseHandshake.PROLOGUE);
        NoiseHandshake server = newResponder();
        server.readMessage(client.writeMessage(token));
        client.readMessage(server.writeMessage(new byte[0]));
        byte[][] serverKeys = server.split();
        byte[][] clientKeys = client.split();
        return new byte[][] {serverKeys[0], clientKeys[1], serverKeys[1], clientKeys[0]};
    }

    @Benchmark
    public byte[][] responder() throws AEADBadTagException {
        NoiseHandshake server = newResponder();
        server.readMessage(firstMessage);
        server.writeMessage(new byte[0]);
        return server.split();
    }

    @Benchmark
    public byte[][] responderDerivingItsPublicKey() throws AEADBadTagException {
        NoiseHandshake server = new NoiseHandshake(NoiseHandshake.Pattern.NK, false, serverPrivate, null,
                NoiseHandshake.PROLOGUE);
        server.readMessage(firstMessage);
        server.writeMessage(new byte[0]);
        return server.split();
    }

    private NoiseHandshake newResponder() {
        return new NoiseHandshake(NoiseHandshake.Pattern.NK, false, serverPrivate, serverPublic, null,
                NoiseHandshake.PROLOGUE);
    }
}
