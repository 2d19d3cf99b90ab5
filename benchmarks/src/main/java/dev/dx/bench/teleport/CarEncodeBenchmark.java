package dev.dx.bench.teleport;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.CodedOutputStream;
import dev.dx.bench.teleport.flyweight.DirectFlyweightEncoder;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.flyweight.HeapFlyweightEncoder;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.bench.teleport.sbe.CarEncoder;
import dev.dx.bench.teleport.sbe.MessageHeaderEncoder;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
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
 * Encodes {@link Samples#CAR} with each library into a buffer reused across operations; the
 * buffers are those of {@link UserEncodeBenchmark}.
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
public class CarEncodeBenchmark {

    private Car car;
    private ByteBuf out;
    private TeleportWriter teleportWriter;
    private final HeapFlyweightEncoder heapFlyweight = new HeapFlyweightEncoder();
    private UnsafeBuffer sbeBuffer;
    private final MessageHeaderEncoder sbeHeader = new MessageHeaderEncoder();
    private final CarEncoder sbeCar = new CarEncoder();
    private final SbeOnByteBuf sbeOnByteBuf = new SbeOnByteBuf();
    private byte[] protobufBytes;
    private TeleportBenchProto.Car protobufCar;
    private FlatBufferBuilder flatBuilder;

    /** Allocates the output buffers. */
    @Setup
    public void setup() {
        car = Samples.CAR;
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        teleportWriter = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        sbeBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        protobufBytes = new byte[1024];
        protobufCar = protobufMessage(car);
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
        Car_Teleport.write(teleportWriter, car);
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
     * The generated {@code Car_Teleport.write}: the writer takes a new pooled buffer per
     * message from {@code PooledByteBufAllocator.DEFAULT}, which is released here.
     *
     * @return the message length
     */
    @Benchmark
    public int teleport() {
        Car_Teleport.write(teleportWriter, car);
        ByteBuf message = teleportWriter.finish();
        int length = message.readableBytes();
        message.release();
        return length;
    }

    /**
     * The generated {@code Car_Teleport.write} into the reused pooled direct buffer {@code out}
     * ({@link TeleportWriter#into}): no buffer taken from the allocator, nothing to release.
     *
     * @return the message length
     */
    @Benchmark
    public int teleportInto() {
        ByteBuf o = out;
        o.clear();
        Car_Teleport.write(teleportWriter.into(o), car);
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
        return FlyweightEncoder.encode(out, car);
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
        return heapFlyweight.encode(o, car);
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
        return DirectFlyweightEncoder.encode(o, car);
    }

    /** @return the message length */
    @Benchmark
    public int sbe() {
        return sbeEncode(sbeCar, sbeBuffer, sbeHeader, car);
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
        return SbeOnByteBuf.commit(o, sbeEncode(sbeCar, sbeOnByteBuf.wrap(o), sbeHeader, car));
    }

    /** @return the message length */
    @Benchmark
    public int protobuf() throws IOException {
        CodedOutputStream output = CodedOutputStream.newInstance(protobufBytes);
        protobufMessage(car).writeTo(output);
        return output.getTotalBytesWritten();
    }

    /** @return the message length */
    @Benchmark
    public int protobufPrebuilt() throws IOException {
        CodedOutputStream output = CodedOutputStream.newInstance(protobufBytes);
        protobufCar.writeTo(output);
        return output.getTotalBytesWritten();
    }

    /** @return the message length */
    @Benchmark
    public int flatbuffers() {
        FlatBufferBuilder builder = flatBuilder;
        builder.clear();
        flatEncode(builder, car);
        return builder.offset();
    }

    static int sbeEncode(CarEncoder e, UnsafeBuffer buffer, MessageHeaderEncoder header, Car c) {
        e.wrapAndApplyHeader(buffer, 0, header)
                .id(c.id())
                .modelYear(c.modelYear())
                .engineCapacity(c.engineCapacity())
                .cylinders(c.cylinders())
                .available((short) (c.available() ? 1 : 0))
                .mileage(c.mileage())
                .price(c.price())
                .fuelEconomy(c.fuelEconomy())
                .maxRpm(c.maxRpm())
                .maxSpeed(c.maxSpeed())
                .weight(c.weight())
                .doors(c.doors())
                .seats(c.seats())
                .electric((short) (c.electric() ? 1 : 0))
                .automatic((short) (c.automatic() ? 1 : 0))
                .colour(c.colour())
                .vinHigh(c.vinHigh())
                .vinLow(c.vinLow())
                .latitude(c.latitude())
                .longitude(c.longitude());
        List<FuelFigure> figures = c.fuelFigures();
        CarEncoder.FuelFiguresEncoder group = e.fuelFiguresCount(figures.size());
        for (int i = 0; i < figures.size(); i++) {
            FuelFigure f = figures.get(i);
            group.next().speed(f.speed()).mpg(f.mpg()).distance(f.distance());
        }
        e.model(c.model());
        return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
    }

    static TeleportBenchProto.Car protobufMessage(Car c) {
        TeleportBenchProto.Car.Builder b = TeleportBenchProto.Car.newBuilder()
                .setId(c.id())
                .setModelYear(c.modelYear())
                .setEngineCapacity(c.engineCapacity())
                .setCylinders(c.cylinders())
                .setAvailable(c.available())
                .setMileage(c.mileage())
                .setPrice(c.price())
                .setFuelEconomy(c.fuelEconomy())
                .setMaxRpm(c.maxRpm())
                .setMaxSpeed(c.maxSpeed())
                .setWeight(c.weight())
                .setDoors(c.doors())
                .setSeats(c.seats())
                .setElectric(c.electric())
                .setAutomatic(c.automatic())
                .setColour(c.colour())
                .setVinHigh(c.vinHigh())
                .setVinLow(c.vinLow())
                .setLatitude(c.latitude())
                .setLongitude(c.longitude())
                .setModel(c.model());
        List<FuelFigure> figures = c.fuelFigures();
        for (int i = 0; i < figures.size(); i++) {
            FuelFigure f = figures.get(i);
            b.addFuelFigures(TeleportBenchProto.FuelFigure.newBuilder()
                    .setSpeed(f.speed()).setMpg(f.mpg()).setDistance(f.distance()));
        }
        return b.build();
    }

    static void flatEncode(FlatBufferBuilder builder, Car c) {
        int model = builder.createString(c.model());
        List<FuelFigure> figures = c.fuelFigures();
        dev.dx.bench.teleport.fbs.Car.startFuelFiguresVector(builder, figures.size());
        for (int i = figures.size() - 1; i >= 0; i--) {
            FuelFigure f = figures.get(i);
            dev.dx.bench.teleport.fbs.FuelFigure.createFuelFigure(builder, f.speed(), f.mpg(), f.distance());
        }
        int vector = builder.endVector();
        builder.finish(dev.dx.bench.teleport.fbs.Car.createCar(builder,
                c.id(), c.modelYear(), c.engineCapacity(), c.cylinders(), c.available(),
                c.mileage(), c.price(), c.fuelEconomy(), c.maxRpm(), c.maxSpeed(), c.weight(),
                c.doors(), c.seats(), c.electric(), c.automatic(), c.colour(),
                c.vinHigh(), c.vinLow(), c.latitude(), c.longitude(), model, vector));
    }
}
