package dev.dx.bench.teleport;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.CodedOutputStream;
import dev.dx.bench.teleport.flyweight.DirectFlyweightEncoder;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.flyweight.HeapFlyweightEncoder;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.bench.teleport.sbe.MessageHeaderEncoder;
import dev.dx.bench.teleport.sbe.UserEncoder;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
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
 *   <li>teleportInto: the generated {@code write} into the reused pooled direct buffer
 *       ({@code TeleportWriter.into}), no allocation;</li>
 *   <li>flyweight: hand-written, the fewest checked {@code ByteBuf} stores for the same bytes into
 *       that buffer, cleared per operation; flyweightHeap: the same stores into a reused heap array,
 *       then one {@code writeBytes} into that buffer.</li>
 *   <li>sbe: an agrona {@link UnsafeBuffer} over a direct {@link ByteBuffer}; the name is written
 *       with the generated {@code name(String)} (UTF-8 var data: it allocates the bytes);
 *       sbeByteBuf: the same encoder into the reused pooled buffer ({@link SbeOnByteBuf});</li>
 *   <li>protobuf: a message built from the record, then written into a reused {@code byte[]};
 *       {@code protobufPrebuilt} writes a message built once in setup;</li>
 *   <li>flatbuffers: a reused {@link FlatBufferBuilder} (heap), cleared per operation.</li>
 * </ul>
 *
 * <p>Setup fails the run unless teleport, teleportInto, flyweight, flyweightHeap and flyweightDirect
 * write the same bytes, and sbe and sbeByteBuf the same bytes.
 */
@State(Scope.Thread)
// Every library's method is compiled on its own and called once per operation, as a handler's
// method is: inlined into JMH's loop, its code is compiled on-stack-replacement style, and a slice
// loop after ~30 reads then ran 2-2.5x slower for some libraries and not others (see teleport.md).
@CompilerControl(CompilerControl.Mode.DONT_INLINE)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class UserEncodeBenchmark {

    private User user;
    private ByteBuf out;
    private TeleportWriter teleportWriter;
    private final HeapFlyweightEncoder heapFlyweight = new HeapFlyweightEncoder();
    private UnsafeBuffer sbeBuffer;
    private final SbeOnByteBuf sbeOnByteBuf = new SbeOnByteBuf();
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
        checkSameBytes();
        sbeByteBuf();
        SbeOnByteBuf.checkSame(sbeBuffer, sbe(), out);
        out.clear();
    }

    /** Fails the run unless every Teleport writer here produces the same bytes. */
    private void checkSameBytes() {
        String teleportBytes = teleportHex();
        out.clear();
        teleportInto();
        String into = ByteBufUtil.hexDump(out);
        out.clear();
        flyweight();
        String fly = ByteBufUtil.hexDump(out);
        out.clear();
        flyweightHeap();
        String heap = ByteBufUtil.hexDump(out);
        out.clear();
        flyweightDirect();
        String direct = ByteBufUtil.hexDump(out);
        out.clear();
        if (!teleportBytes.equals(into) || !teleportBytes.equals(fly) || !teleportBytes.equals(heap)
                || !teleportBytes.equals(direct)) {
            throw new IllegalStateException("writers differ: teleport " + teleportBytes + ", into " + into
                    + ", flyweight " + fly + ", flyweightHeap " + heap
                    + ", flyweightDirect " + direct);
        }
    }

    private String teleportHex() {
        User_Teleport.write(teleportWriter, user);
        ByteBuf message = teleportWriter.finish();
        try {
            return ByteBufUtil.hexDump(message);
        } finally {
            message.release();
        }
    }

    /** Releases the pooled buffer. */
    @TearDown
    public void tearDown() {
        ReferenceCountUtil.release(out);
    }

    /**
     * The generated {@code User_Teleport.write}: the writer takes a new pooled buffer per
     * message from {@code PooledByteBufAllocator.DEFAULT}, which is released here.
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

    /**
     * The generated {@code User_Teleport.write} into the reused pooled direct buffer {@code out}
     * ({@link TeleportWriter#into}): no buffer taken from the allocator, nothing to release.
     *
     * @return the message length
     */
    @Benchmark
    public int teleportInto() {
        ByteBuf o = out;
        o.clear();
        User_Teleport.write(teleportWriter.into(o), user);
        return teleportWriter.finish().writerIndex();
    }

    /**
     * The hand-written flyweight writing the same bytes with the fewest checked {@code ByteBuf}
     * stores into the reused buffer.
     *
     * @return the message length
     */
    @Benchmark
    public int flyweight() {
        out.clear();
        return FlyweightEncoder.encode(out, user);
    }

    /**
     * The hand-written flyweight building the same bytes in a reused heap array, copied into the
     * reused buffer with one {@code writeBytes}.
     *
     * @return the message length
     */
    @Benchmark
    public int flyweightHeap() {
        ByteBuf o = out;
        o.clear();
        return heapFlyweight.encode(o, user);
    }

    /**
     * The hand-written flyweight storing the same bytes straight into the reused buffer's memory
     * ({@code internalNioBuffer} and {@code VarHandle} stores): the leanest code for the job.
     *
     * @return the message length
     */
    @Benchmark
    public int flyweightDirect() {
        ByteBuf o = out;
        o.clear();
        return DirectFlyweightEncoder.encode(o, user);
    }

    /** @return the message length */
    @Benchmark
    public int sbe() {
        return sbeEncode(sbeBuffer);
    }

    /**
     * SBE writing into the same reused pooled buffer as {@code teleportInto} ({@link SbeOnByteBuf}).
     *
     * @return the message length
     */
    @Benchmark
    public int sbeByteBuf() {
        ByteBuf o = out;
        o.clear();
        return SbeOnByteBuf.commit(o, sbeEncode(sbeOnByteBuf.wrap(o)));
    }

    private int sbeEncode(UnsafeBuffer buffer) {
        User u = user;
        sbeUser.wrapAndApplyHeader(buffer, 0, sbeHeader)
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
