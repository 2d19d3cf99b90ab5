package dev.dx.bench.teleport;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.CodedOutputStream;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.bench.teleport.sbe.MessageHeaderEncoder;
import dev.dx.bench.teleport.sbe.UserEncoder;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encodes {@link Samples#USER} with each library into a buffer reused across operations.
 *
 * <ul>
 *   <li>teleport: the generated {@code write} on a reused {@code TeleportWriter}, which takes a
 *       fresh pooled buffer from {@code PooledByteBufAllocator.DEFAULT} per message (released
 *       here after reading its length);</li>
 *   <li>flyweight: a pooled direct {@link ByteBuf}, cleared per operation;</li>
 *   <li>sbe: an agrona {@link UnsafeBuffer} over a direct {@link ByteBuffer}; the name is written
 *       with the generated {@code name(String)} (UTF-8 var data: it allocates the bytes);</li>
 *   <li>protobuf: a message built from the record, then written into a reused {@code byte[]};
 *       {@code protobufPrebuilt} writes a message built once in setup;</li>
 *   <li>flatbuffers: a reused {@link FlatBufferBuilder} (heap), cleared per operation.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class UserEncodeBenchmark {

    private User user;
    private ByteBuf out;
    private TeleportWriter teleportWriter;
    private UnsafeBuffer sbeBuffer;
    private final MessageHeaderEncoder sbeHeader = new MessageHeaderEncoder();
    private final UserEncoder sbeUser = new UserEncoder();
    private byte[] protobufBytes;
    private TeleportBenchProto.User protobufUser;
    private FlatBufferBuilder flatBuilder;

    /** Allocates the output buffers. */
    @Setup
    public void setup() {
        user = Samples.USER;
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        teleportWriter = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        sbeBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        protobufBytes = new byte[1024];
        protobufUser = protobufMessage(user);
        flatBuilder = new FlatBufferBuilder(1024);
    }

    /** Releases the pooled buffer. */
    @TearDown
    public void tearDown() {
        ReferenceCountUtil.release(out);
    }

    /**
     * The generated {@code User_Teleport.write}: the writer takes a pooled buffer per message (and
     * one for the string table), so the message is released here.
     *
     * @return the message length
     */
    @Benchmark
    public int teleport() {
        User_Teleport.write(teleportWriter, user);
        ByteBuf message = teleportWriter.finish();
        int length = message.readableBytes();
        message.release();
        return length;
    }

    /** @return the message length */
    @Benchmark
    public int flyweight() {
        out.clear();
        return FlyweightEncoder.encode(out, user);
    }

    /** @return the message length */
    @Benchmark
    public int sbe() {
        User u = user;
        sbeUser.wrapAndApplyHeader(sbeBuffer, 0, sbeHeader)
                .id(u.id())
                .age(u.age())
                .active((short) (u.active() ? 1 : 0))
                .name(u.name());
        return MessageHeaderEncoder.ENCODED_LENGTH + sbeUser.encodedLength();
    }

    /** @return the message length */
    @Benchmark
    public int protobuf() throws IOException {
        CodedOutputStream output = CodedOutputStream.newInstance(protobufBytes);
        protobufMessage(user).writeTo(output);
        return output.getTotalBytesWritten();
    }

    /** @return the message length */
    @Benchmark
    public int protobufPrebuilt() throws IOException {
        CodedOutputStream output = CodedOutputStream.newInstance(protobufBytes);
        protobufUser.writeTo(output);
        return output.getTotalBytesWritten();
    }

    /** @return the message length */
    @Benchmark
    public int flatbuffers() {
        User u = user;
        FlatBufferBuilder builder = flatBuilder;
        builder.clear();
        int name = builder.createString(u.name());
        builder.finish(dev.dx.bench.teleport.fbs.User.createUser(builder, u.id(), name, u.age(), u.active()));
        return builder.offset();
    }

    static TeleportBenchProto.User protobufMessage(User u) {
        return TeleportBenchProto.User.newBuilder()
                .setId(u.id())
                .setName(u.name())
                .setAge(u.age())
                .setActive(u.active())
                .build();
    }
}
