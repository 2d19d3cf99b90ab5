package dev.dx.bench.teleport;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.flyweight.UserFlyweight;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.bench.teleport.sbe.MessageHeaderDecoder;
import dev.dx.bench.teleport.sbe.MessageHeaderEncoder;
import dev.dx.bench.teleport.sbe.UserDecoder;
import dev.dx.bench.teleport.sbe.UserEncoder;
import dev.dx.teleport.TeleportFieldType;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportStruct;
import dev.dx.teleport.TeleportStructView;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.apache.fory.Fory;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decodes {@link Samples#USER}, encoded once in setup by each library, and reads every field into
 * a {@link Blackhole}. The plain methods compare the name in place against the expected UTF-8
 * bytes (no {@code String}); the {@code *String} methods materialise it.
 *
 * <ul>
 *   <li>teleport: a pooled direct {@link ByteBuf}; a re-wrapped {@code TeleportMessageFlyweight}
 *       checks the header (magic, version, reserved, fingerprint, lengths) without allocating; the
 *       view checks the string reference; {@code teleportMessage} validates with
 *       {@code TeleportMessage.wrap} instead (a message object per operation);
 *       {@code teleportView} re-wraps a message validated in setup;</li>
 *   <li>flyweight: a pooled direct {@link ByteBuf}; the same header and reference checks as
 *       teleport, no allocation; the name is compared with pre-encoded UTF-8 bytes;</li>
 *   <li>sbe: an agrona {@link UnsafeBuffer} over a direct {@link ByteBuffer}; the template id is
 *       checked; the name is compared through {@code wrapName} on a reused buffer;</li>
 *   <li>protobuf: {@code parseFrom(byte[])}; protobuf-java decodes proto3 strings while parsing,
 *       so both variants pay for the {@code String}, and {@code getNameBytes()} encodes it again;</li>
 *   <li>flatbuffers: a heap {@link ByteBuffer}, a reused table object, no verifier; the name is
 *       compared through {@code nameInByteBuffer} on a reused duplicate;</li>
 *   <li>fory: Apache Fory's Java format from a {@code byte[]}, the record class registered, no
 *       reference tracking; deserializing builds the record, so only the {@code String} variant.</li>
 * </ul>
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
public class UserDecodeBenchmark {

    private ByteBuf teleportBytes;
    private TeleportMessage teleportMessage;
    private String teleportExpectedName;
    private final User_Teleport.View teleportView = new User_Teleport.View();
    /** Re-wrapped on the message per operation: validates it in place, allocating nothing. */
    private final TeleportMessageFlyweight teleportFlyweight = new TeleportMessageFlyweight();

    private Fory fory;
    private byte[] foryBytes;
    /** The same layout built at run time, read by field name. */
    private final TeleportStructView structView = new TeleportStructView(TeleportStruct.builder("User")
            .field("id", TeleportFieldType.I64)
            .field("name", TeleportFieldType.STRING)
            .field("age", TeleportFieldType.I8)
            .field("active", TeleportFieldType.BOOL)
            .build());

    private ByteBuf flyweightBytes;
    private ByteBuf expectedName;
    private final UserFlyweight flyweight = new UserFlyweight();

    private UnsafeBuffer sbeBytes;
    private UnsafeBuffer sbeExpectedName;
    private final UnsafeBuffer sbeName = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder sbeHeader = new MessageHeaderDecoder();
    private final UserDecoder sbeUser = new UserDecoder();

    private byte[] protobufBytes;
    private ByteString protobufExpectedName;

    private ByteBuffer flatBytes;
    private ByteBuffer flatName;
    private ByteBuffer flatExpectedName;
    private final dev.dx.bench.teleport.fbs.User flatUser = new dev.dx.bench.teleport.fbs.User();

    /** Encodes the sample with every library. */
    @Setup
    public void setup() {
        User user = Samples.USER;
        expectedName = Unpooled.wrappedBuffer(Samples.USER_NAME_UTF8); // heap, like SBE's UnsafeBuffer
        ByteBuf encoded = User_Teleport.encode(PooledByteBufAllocator.DEFAULT, user);
        teleportBytes = PooledByteBufAllocator.DEFAULT.directBuffer(1024).writeBytes(encoded);
        encoded.release();
        // validated once for the view-only variant; shares teleportBytes' reference count
        teleportMessage = TeleportMessage.wrap(teleportBytes, User_Teleport.LAYOUT);
        teleportExpectedName = new String(Samples.USER_NAME_UTF8, StandardCharsets.UTF_8);
        flyweightBytes = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        FlyweightEncoder.encode(flyweightBytes, user);

        sbeBytes = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        new UserEncoder().wrapAndApplyHeader(sbeBytes, 0, new MessageHeaderEncoder())
                .id(user.id()).age(user.age()).active((short) (user.active() ? 1 : 0)).name(user.name());
        sbeExpectedName = new UnsafeBuffer(Samples.USER_NAME_UTF8);

        protobufBytes = UserEncodeBenchmark.protobufMessage(user).toByteArray();
        protobufExpectedName = ByteString.copyFrom(Samples.USER_NAME_UTF8);

        FlatBufferBuilder builder = new FlatBufferBuilder(1024);
        int name = builder.createString(user.name());
        builder.finish(dev.dx.bench.teleport.fbs.User.createUser(builder, user.id(), name, user.age(), user.active()));
        flatBytes = ByteBuffer.wrap(builder.sizedByteArray());
        flatName = flatBytes.duplicate();
        flatExpectedName = ByteBuffer.wrap(Samples.USER_NAME_UTF8);
        fory = ForyPeer.newFory();
        foryBytes = fory.serialize(user);
        checkComparisons();
    }

    /**
     * Fails the run unless every name comparison the benchmarks make is true
     * ({@link Samples#checkAllEqual}).
     */
    private void checkComparisons() {
        User_Teleport.View v = teleportView.wrap(teleportMessage);
        UserDecoder d = sbeUser.wrapAndApplyHeader(sbeBytes, 0, sbeHeader);
        d.wrapName(sbeName);
        Samples.checkAllEqual("name",
                v.nameEquals(expectedName), v.nameEquals(Samples.USER_NAME_UTF8), v.nameEquals(teleportExpectedName),
                structView.wrap(teleportMessage).stringEquals("name", teleportExpectedName),
                flyweight.wrap(flyweightBytes, 0).nameEquals(expectedName),
                sbeName.equals(sbeExpectedName),
                parsedProtobuf().getNameBytes().equals(protobufExpectedName));
    }

    private TeleportBenchProto.User parsedProtobuf() {
        try {
            return TeleportBenchProto.User.parseFrom(protobufBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases the pooled buffers. */
    @TearDown
    public void tearDown() {
        ReferenceCountUtil.release(teleportBytes);
        ReferenceCountUtil.release(flyweightBytes);
        ReferenceCountUtil.release(expectedName);
    }

    /**
     * Validates the message in place with a re-wrapped {@code TeleportMessageFlyweight} (header,
     * fingerprint, lengths; no allocation), then
     * reads every field through the generated view; the name is compared with
     * {@code nameEquals(ByteBuf)} against the
     * expected UTF-8 bytes (the job SBE and the flyweight do), without decoding.
     */
    @Benchmark
    public void teleport(Blackhole bh) {
        User_Teleport.View v = teleportView.wrap(teleportFlyweight.wrap(teleportBytes, User_Teleport.LAYOUT));
        bh.consume(v.id());
        bh.consume(v.nameEquals(expectedName));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /** As {@link #teleport}, with the name decoded to a {@code String}. */
    @Benchmark
    public void teleportString(Blackhole bh) {
        User_Teleport.View v = teleportView.wrap(teleportFlyweight.wrap(teleportBytes, User_Teleport.LAYOUT));
        bh.consume(v.id());
        bh.consume(v.name());
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /**
     * As {@link #teleport}, validating with {@code TeleportMessage.wrap} (a message object per
     * operation, and its {@code ByteBuffer} on the first view) instead of the flyweight.
     */
    @Benchmark
    public void teleportMessage(Blackhole bh) {
        User_Teleport.View v = teleportView.wrap(TeleportMessage.wrap(teleportBytes, User_Teleport.LAYOUT));
        bh.consume(v.id());
        bh.consume(v.nameEquals(expectedName));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /** Apache Fory: deserializes the record (the name materialised), then reads every field. */
    @Benchmark
    public void foryString(Blackhole bh) {
        User u = (User) fory.deserialize(foryBytes);
        bh.consume(u.id());
        bh.consume(u.name());
        bh.consume(u.age());
        bh.consume(u.active());
    }

    /**
     * Reading through a view: the message was validated once in setup; the view is re-wrapped on
     * it and every field read, the name compared without decoding.
     */
    @Benchmark
    public void teleportView(Blackhole bh) {
        User_Teleport.View v = teleportView.wrap(teleportMessage);
        bh.consume(v.id());
        bh.consume(v.nameEquals(expectedName));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /**
     * As {@link #teleportView}, with the name compared against a {@code byte[]} constant through
     * {@code nameEquals(byte[])}.
     */
    @Benchmark
    public void teleportViewBytes(Blackhole bh) {
        User_Teleport.View v = teleportView.wrap(teleportMessage);
        bh.consume(v.id());
        bh.consume(v.nameEquals(Samples.USER_NAME_UTF8));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /**
     * As {@link #teleportView}, with the name compared against a {@code String} through
     * {@code nameEquals(CharSequence)} (encoded as it goes, nothing allocated).
     */
    @Benchmark
    public void teleportViewChars(Blackhole bh) {
        User_Teleport.View v = teleportView.wrap(teleportMessage);
        bh.consume(v.id());
        bh.consume(v.nameEquals(teleportExpectedName));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /**
     * As {@link #teleportViewChars}, through a {@link TeleportStructView}: the layout built at run
     * time ({@link TeleportStruct}), every field looked up by name.
     */
    @Benchmark
    public void teleportStructView(Blackhole bh) {
        TeleportStructView v = structView.wrap(teleportMessage);
        bh.consume(v.integer("id"));
        bh.consume(v.stringEquals("name", teleportExpectedName));
        bh.consume(v.integer("age"));
        bh.consume(v.bool("active"));
    }

    /** Reads every field; the name is compared in place. */
    @Benchmark
    public void flyweight(Blackhole bh) {
        UserFlyweight v = flyweight.wrap(flyweightBytes, 0);
        bh.consume(v.id());
        bh.consume(v.nameEquals(expectedName));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /** Reads every field; the name is decoded to a {@code String}. */
    @Benchmark
    public void flyweightString(Blackhole bh) {
        UserFlyweight v = flyweight.wrap(flyweightBytes, 0);
        bh.consume(v.id());
        bh.consume(v.name());
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /** Reads every field; the name is compared in place. */
    @Benchmark
    public void sbe(Blackhole bh) {
        UserDecoder d = sbeUser.wrapAndApplyHeader(sbeBytes, 0, sbeHeader);
        bh.consume(d.id());
        bh.consume(d.age());
        bh.consume(d.active() != 0);
        d.wrapName(sbeName);
        bh.consume(sbeName.equals(sbeExpectedName));
    }

    /** Reads every field; the name is decoded to a {@code String}. */
    @Benchmark
    public void sbeString(Blackhole bh) {
        UserDecoder d = sbeUser.wrapAndApplyHeader(sbeBytes, 0, sbeHeader);
        bh.consume(d.id());
        bh.consume(d.age());
        bh.consume(d.active() != 0);
        bh.consume(d.name());
    }

    /** Parses, then reads every field; the name's bytes are compared. */
    @Benchmark
    public void protobuf(Blackhole bh) throws InvalidProtocolBufferException {
        TeleportBenchProto.User m = TeleportBenchProto.User.parseFrom(protobufBytes);
        bh.consume(m.getId());
        bh.consume(m.getNameBytes().equals(protobufExpectedName));
        bh.consume(m.getAge());
        bh.consume(m.getActive());
    }

    /** Parses, then reads every field; the name as a {@code String}. */
    @Benchmark
    public void protobufString(Blackhole bh) throws InvalidProtocolBufferException {
        TeleportBenchProto.User m = TeleportBenchProto.User.parseFrom(protobufBytes);
        bh.consume(m.getId());
        bh.consume(m.getName());
        bh.consume(m.getAge());
        bh.consume(m.getActive());
    }

    /** Reads every field; the name is compared in place. */
    @Benchmark
    public void flatbuffers(Blackhole bh) {
        dev.dx.bench.teleport.fbs.User v = dev.dx.bench.teleport.fbs.User.getRootAsUser(flatBytes, flatUser);
        bh.consume(v.id());
        bh.consume(v.nameInByteBuffer(flatName).equals(flatExpectedName));
        bh.consume(v.age());
        bh.consume(v.active());
    }

    /** Reads every field; the name is decoded to a {@code String}. */
    @Benchmark
    public void flatbuffersString(Blackhole bh) {
        dev.dx.bench.teleport.fbs.User v = dev.dx.bench.teleport.fbs.User.getRootAsUser(flatBytes, flatUser);
        bh.consume(v.id());
        bh.consume(v.name());
        bh.consume(v.age());
        bh.consume(v.active());
    }
}
