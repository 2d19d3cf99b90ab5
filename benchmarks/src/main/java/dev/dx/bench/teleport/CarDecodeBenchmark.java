package dev.dx.bench.teleport;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.dx.bench.teleport.flyweight.CarFlyweight;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.flyweight.FuelFigureFlyweight;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.bench.teleport.sbe.CarDecoder;
import dev.dx.bench.teleport.sbe.CarEncoder;
import dev.dx.bench.teleport.sbe.MessageHeaderDecoder;
import dev.dx.bench.teleport.sbe.MessageHeaderEncoder;
import dev.dx.teleport.TeleportMessage;
import dev.dx.teleport.TeleportMessageFlyweight;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
 * Decodes {@link Samples#CAR}, encoded once in setup by each library, and reads all 20 primitive
 * fields, the model and the three fields of each of the 5 fuel figures into a {@link Blackhole}.
 * Buffers and string handling are those of {@link UserDecodeBenchmark}; SBE reads the group before
 * the model because its var data must come last.
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
public class CarDecodeBenchmark {

    private ByteBuf teleportBytes;
    private TeleportMessage teleportMessage;
    private String teleportExpectedModel;
    private final Car_Teleport.View teleportView = new Car_Teleport.View();
    /** Re-wrapped on the message per operation: validates it in place, allocating nothing. */
    private final TeleportMessageFlyweight teleportFlyweight = new TeleportMessageFlyweight();

    private Fory fory;
    private byte[] foryBytes;

    private ByteBuf flyweightBytes;
    private ByteBuf expectedModel;
    private final CarFlyweight flyweight = new CarFlyweight();
    private final FuelFigureFlyweight flyweightFigure = new FuelFigureFlyweight();

    private UnsafeBuffer sbeBytes;
    private UnsafeBuffer sbeExpectedModel;
    private final UnsafeBuffer sbeModel = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder sbeHeader = new MessageHeaderDecoder();
    private final CarDecoder sbeCar = new CarDecoder();

    private byte[] protobufBytes;
    private ByteString protobufExpectedModel;

    private ByteBuffer flatBytes;
    private ByteBuffer flatModel;
    private ByteBuffer flatExpectedModel;
    private final dev.dx.bench.teleport.fbs.Car flatCar = new dev.dx.bench.teleport.fbs.Car();
    private final dev.dx.bench.teleport.fbs.FuelFigure flatFigure = new dev.dx.bench.teleport.fbs.FuelFigure();

    /** Encodes the sample with every library. */
    @Setup
    public void setup() {
        Car car = Samples.CAR;
        expectedModel = Unpooled.wrappedBuffer(Samples.CAR_MODEL_UTF8); // heap, like SBE's UnsafeBuffer
        ByteBuf encoded = Car_Teleport.encode(PooledByteBufAllocator.DEFAULT, car);
        teleportBytes = PooledByteBufAllocator.DEFAULT.directBuffer(1024).writeBytes(encoded);
        encoded.release();
        // validated once for the view-only variant; shares teleportBytes' reference count
        teleportMessage = TeleportMessage.wrap(teleportBytes, Car_Teleport.LAYOUT);
        teleportExpectedModel = new String(Samples.CAR_MODEL_UTF8, StandardCharsets.UTF_8);
        flyweightBytes = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        FlyweightEncoder.encode(flyweightBytes, car);

        sbeBytes = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        CarEncodeBenchmark.sbeEncode(new CarEncoder(), sbeBytes, new MessageHeaderEncoder(), car);
        sbeExpectedModel = new UnsafeBuffer(Samples.CAR_MODEL_UTF8);

        protobufBytes = CarEncodeBenchmark.protobufMessage(car).toByteArray();
        protobufExpectedModel = ByteString.copyFrom(Samples.CAR_MODEL_UTF8);

        FlatBufferBuilder builder = new FlatBufferBuilder(1024);
        CarEncodeBenchmark.flatEncode(builder, car);
        flatBytes = ByteBuffer.wrap(builder.sizedByteArray());
        flatModel = flatBytes.duplicate();
        flatExpectedModel = ByteBuffer.wrap(Samples.CAR_MODEL_UTF8);
        fory = ForyPeer.newFory();
        foryBytes = fory.serialize(car);
        checkComparisons();
    }

    /**
     * Fails the run unless every model comparison the benchmarks make is true
     * ({@link Samples#checkAllEqual}).
     */
    private void checkComparisons() {
        Car_Teleport.View v = teleportView.wrap(teleportMessage);
        Samples.checkAllEqual("model",
                v.modelEquals(expectedModel), v.modelEquals(Samples.CAR_MODEL_UTF8), v.modelEquals(teleportExpectedModel),
                flyweight.wrap(flyweightBytes, 0).modelEquals(expectedModel));
    }

    /** Releases the pooled buffers. */
    @TearDown
    public void tearDown() {
        ReferenceCountUtil.release(teleportBytes);
        ReferenceCountUtil.release(flyweightBytes);
        ReferenceCountUtil.release(expectedModel);
    }

    /**
     * Validates the message in place with a re-wrapped {@code TeleportMessageFlyweight} (no
     * allocation), then reads every field through the
     * generated view; the model is compared with {@code modelEquals(ByteBuf)} against the
     * expected UTF-8 bytes (the job SBE and the flyweight do).
     */
    @Benchmark
    public void teleport(Blackhole bh) {
        Car_Teleport.View v = teleportView.wrap(teleportFlyweight.wrap(teleportBytes, Car_Teleport.LAYOUT));
        readTeleport(bh, v);
        bh.consume(v.modelEquals(expectedModel));
    }

    /** As {@link #teleport}, with the model decoded to a {@code String}. */
    @Benchmark
    public void teleportString(Blackhole bh) {
        Car_Teleport.View v = teleportView.wrap(teleportFlyweight.wrap(teleportBytes, Car_Teleport.LAYOUT));
        readTeleport(bh, v);
        bh.consume(v.model());
    }

    /** As {@link #teleport}, validating with {@code TeleportMessage.wrap} instead of the flyweight. */
    @Benchmark
    public void teleportMessage(Blackhole bh) {
        Car_Teleport.View v = teleportView.wrap(TeleportMessage.wrap(teleportBytes, Car_Teleport.LAYOUT));
        readTeleport(bh, v);
        bh.consume(v.modelEquals(expectedModel));
    }

    /** Apache Fory: deserializes the record (the model materialised), then reads every field. */
    @Benchmark
    public void foryString(Blackhole bh) {
        Car c = (Car) fory.deserialize(foryBytes);
        bh.consume(c.id());
        bh.consume(c.modelYear());
        bh.consume(c.engineCapacity());
        bh.consume(c.cylinders());
        bh.consume(c.available());
        bh.consume(c.mileage());
        bh.consume(c.price());
        bh.consume(c.fuelEconomy());
        bh.consume(c.maxRpm());
        bh.consume(c.maxSpeed());
        bh.consume(c.weight());
        bh.consume(c.doors());
        bh.consume(c.seats());
        bh.consume(c.electric());
        bh.consume(c.automatic());
        bh.consume(c.colour());
        bh.consume(c.vinHigh());
        bh.consume(c.vinLow());
        bh.consume(c.latitude());
        bh.consume(c.longitude());
        bh.consume(c.model());
        java.util.List<FuelFigure> figures = c.fuelFigures();
        for (int i = 0, n = figures.size(); i < n; i++) {
            FuelFigure f = figures.get(i);
            bh.consume(f.speed());
            bh.consume(f.mpg());
            bh.consume(f.distance());
        }
    }

    /** Reading through a view over a message validated once in setup. */
    @Benchmark
    public void teleportView(Blackhole bh) {
        Car_Teleport.View v = teleportView.wrap(teleportMessage);
        readTeleport(bh, v);
        bh.consume(v.modelEquals(expectedModel));
    }

    /**
     * As {@link #teleportView}, with the model compared against a {@code byte[]} constant through
     * {@code modelEquals(byte[])}.
     */
    @Benchmark
    public void teleportViewBytes(Blackhole bh) {
        Car_Teleport.View v = teleportView.wrap(teleportMessage);
        readTeleport(bh, v);
        bh.consume(v.modelEquals(Samples.CAR_MODEL_UTF8));
    }

    /**
     * As {@link #teleportView}, with the model compared against a {@code String} through
     * {@code modelEquals(CharSequence)} (encoded as it goes, nothing allocated).
     */
    @Benchmark
    public void teleportViewChars(Blackhole bh) {
        Car_Teleport.View v = teleportView.wrap(teleportMessage);
        readTeleport(bh, v);
        bh.consume(v.modelEquals(teleportExpectedModel));
    }

    /** Reads every field; the model is compared in place. */
    @Benchmark
    public void flyweight(Blackhole bh) {
        CarFlyweight v = flyweight.wrap(flyweightBytes, 0);
        readFlyweight(bh, v, flyweightFigure);
        bh.consume(v.modelEquals(expectedModel));
    }

    /** Reads every field; the model is decoded to a {@code String}. */
    @Benchmark
    public void flyweightString(Blackhole bh) {
        CarFlyweight v = flyweight.wrap(flyweightBytes, 0);
        readFlyweight(bh, v, flyweightFigure);
        bh.consume(v.model());
    }

    /** Reads every field; the model is compared in place. */
    @Benchmark
    public void sbe(Blackhole bh) {
        CarDecoder d = sbeCar.wrapAndApplyHeader(sbeBytes, 0, sbeHeader);
        readSbe(bh, d);
        d.wrapModel(sbeModel);
        bh.consume(sbeModel.equals(sbeExpectedModel));
    }

    /** Reads every field; the model is decoded to a {@code String}. */
    @Benchmark
    public void sbeString(Blackhole bh) {
        CarDecoder d = sbeCar.wrapAndApplyHeader(sbeBytes, 0, sbeHeader);
        readSbe(bh, d);
        bh.consume(d.model());
    }

    /** Parses, then reads every field; the model's bytes are compared. */
    @Benchmark
    public void protobuf(Blackhole bh) throws InvalidProtocolBufferException {
        TeleportBenchProto.Car m = TeleportBenchProto.Car.parseFrom(protobufBytes);
        readProtobuf(bh, m);
        bh.consume(m.getModelBytes().equals(protobufExpectedModel));
    }

    /** Parses, then reads every field; the model as a {@code String}. */
    @Benchmark
    public void protobufString(Blackhole bh) throws InvalidProtocolBufferException {
        TeleportBenchProto.Car m = TeleportBenchProto.Car.parseFrom(protobufBytes);
        readProtobuf(bh, m);
        bh.consume(m.getModel());
    }

    /** Reads every field; the model is compared in place. */
    @Benchmark
    public void flatbuffers(Blackhole bh) {
        dev.dx.bench.teleport.fbs.Car v = dev.dx.bench.teleport.fbs.Car.getRootAsCar(flatBytes, flatCar);
        readFlat(bh, v, flatFigure);
        bh.consume(v.modelInByteBuffer(flatModel).equals(flatExpectedModel));
    }

    /** Reads every field; the model is decoded to a {@code String}. */
    @Benchmark
    public void flatbuffersString(Blackhole bh) {
        dev.dx.bench.teleport.fbs.Car v = dev.dx.bench.teleport.fbs.Car.getRootAsCar(flatBytes, flatCar);
        readFlat(bh, v, flatFigure);
        bh.consume(v.model());
    }

    private static void readTeleport(Blackhole bh, Car_Teleport.View v) {
        bh.consume(v.id());
        bh.consume(v.modelYear());
        bh.consume(v.engineCapacity());
        bh.consume(v.cylinders());
        bh.consume(v.available());
        bh.consume(v.mileage());
        bh.consume(v.price());
        bh.consume(v.fuelEconomy());
        bh.consume(v.maxRpm());
        bh.consume(v.maxSpeed());
        bh.consume(v.weight());
        bh.consume(v.doors());
        bh.consume(v.seats());
        bh.consume(v.electric());
        bh.consume(v.automatic());
        bh.consume(v.colour());
        bh.consume(v.vinHigh());
        bh.consume(v.vinLow());
        bh.consume(v.latitude());
        bh.consume(v.longitude());
        int count = v.fuelFiguresCount();
        for (int i = 0; i < count; i++) {
            FuelFigure_Teleport.View f = v.fuelFigures(i);
            bh.consume(f.speed());
            bh.consume(f.mpg());
            bh.consume(f.distance());
        }
    }

    private static void readFlyweight(Blackhole bh, CarFlyweight v, FuelFigureFlyweight figure) {
        bh.consume(v.id());
        bh.consume(v.modelYear());
        bh.consume(v.engineCapacity());
        bh.consume(v.cylinders());
        bh.consume(v.available());
        bh.consume(v.mileage());
        bh.consume(v.price());
        bh.consume(v.fuelEconomy());
        bh.consume(v.maxRpm());
        bh.consume(v.maxSpeed());
        bh.consume(v.weight());
        bh.consume(v.doors());
        bh.consume(v.seats());
        bh.consume(v.electric());
        bh.consume(v.automatic());
        bh.consume(v.colour());
        bh.consume(v.vinHigh());
        bh.consume(v.vinLow());
        bh.consume(v.latitude());
        bh.consume(v.longitude());
        int count = v.fuelFiguresCount();
        for (int i = 0; i < count; i++) {
            FuelFigureFlyweight f = v.fuelFigure(i, figure);
            bh.consume(f.speed());
            bh.consume(f.mpg());
            bh.consume(f.distance());
        }
    }

    private static void readSbe(Blackhole bh, CarDecoder d) {
        bh.consume(d.id());
        bh.consume(d.modelYear());
        bh.consume(d.engineCapacity());
        bh.consume(d.cylinders());
        bh.consume(d.available() != 0);
        bh.consume(d.mileage());
        bh.consume(d.price());
        bh.consume(d.fuelEconomy());
        bh.consume(d.maxRpm());
        bh.consume(d.maxSpeed());
        bh.consume(d.weight());
        bh.consume(d.doors());
        bh.consume(d.seats());
        bh.consume(d.electric() != 0);
        bh.consume(d.automatic() != 0);
        bh.consume(d.colour());
        bh.consume(d.vinHigh());
        bh.consume(d.vinLow());
        bh.consume(d.latitude());
        bh.consume(d.longitude());
        CarDecoder.FuelFiguresDecoder group = d.fuelFigures();
        while (group.hasNext()) {
            group.next();
            bh.consume(group.speed());
            bh.consume(group.mpg());
            bh.consume(group.distance());
        }
    }

    private static void readProtobuf(Blackhole bh, TeleportBenchProto.Car m) {
        bh.consume(m.getId());
        bh.consume(m.getModelYear());
        bh.consume(m.getEngineCapacity());
        bh.consume(m.getCylinders());
        bh.consume(m.getAvailable());
        bh.consume(m.getMileage());
        bh.consume(m.getPrice());
        bh.consume(m.getFuelEconomy());
        bh.consume(m.getMaxRpm());
        bh.consume(m.getMaxSpeed());
        bh.consume(m.getWeight());
        bh.consume(m.getDoors());
        bh.consume(m.getSeats());
        bh.consume(m.getElectric());
        bh.consume(m.getAutomatic());
        bh.consume(m.getColour());
        bh.consume(m.getVinHigh());
        bh.consume(m.getVinLow());
        bh.consume(m.getLatitude());
        bh.consume(m.getLongitude());
        List<TeleportBenchProto.FuelFigure> figures = m.getFuelFiguresList();
        for (int i = 0; i < figures.size(); i++) {
            TeleportBenchProto.FuelFigure f = figures.get(i);
            bh.consume(f.getSpeed());
            bh.consume(f.getMpg());
            bh.consume(f.getDistance());
        }
    }

    private static void readFlat(Blackhole bh, dev.dx.bench.teleport.fbs.Car v, dev.dx.bench.teleport.fbs.FuelFigure figure) {
        bh.consume(v.id());
        bh.consume(v.modelYear());
        bh.consume(v.engineCapacity());
        bh.consume(v.cylinders());
        bh.consume(v.available());
        bh.consume(v.mileage());
        bh.consume(v.price());
        bh.consume(v.fuelEconomy());
        bh.consume(v.maxRpm());
        bh.consume(v.maxSpeed());
        bh.consume(v.weight());
        bh.consume(v.doors());
        bh.consume(v.seats());
        bh.consume(v.electric());
        bh.consume(v.automatic());
        bh.consume(v.colour());
        bh.consume(v.vinHigh());
        bh.consume(v.vinLow());
        bh.consume(v.latitude());
        bh.consume(v.longitude());
        int count = v.fuelFiguresLength();
        for (int i = 0; i < count; i++) {
            dev.dx.bench.teleport.fbs.FuelFigure f = v.fuelFigures(figure, i);
            bh.consume(f.speed());
            bh.consume(f.mpg());
            bh.consume(f.distance());
        }
    }
}
