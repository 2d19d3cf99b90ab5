package dev.dx.bench.teleport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.dx.bench.teleport.flyweight.CarFlyweight;
import dev.dx.bench.teleport.flyweight.FlyweightEncoder;
import dev.dx.bench.teleport.flyweight.Fnv1a;
import dev.dx.bench.teleport.flyweight.FuelFigureFlyweight;
import dev.dx.bench.teleport.flyweight.UserFlyweight;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.bench.teleport.sbe.CarDecoder;
import dev.dx.bench.teleport.sbe.CarEncoder;
import dev.dx.bench.teleport.sbe.MessageHeaderDecoder;
import dev.dx.bench.teleport.sbe.MessageHeaderEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Checks that the benchmarks' codecs write and read the same values: the hand-written flyweight
 * against the spec's bytes, and every peer's reader against {@link Samples#CAR}.
 */
class PeerCodecsTest {

    private static final String SPEC_USER_HEX = "4458545001000000cb6040c5ab4a41dc"
            + "1800000003000000" + "2a00000000000000" + "0000000003000000" + "2401000000000000" + "416461";

    @Test
    void flyweightWritesTheSpecExample() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            int length = FlyweightEncoder.encode(buf, new User(42, "Ada", (byte) 36, true));
            assertThat(length).isEqualTo(51);
            assertThat(ByteBufUtil.hexDump(buf)).isEqualTo(SPEC_USER_HEX);
            UserFlyweight v = new UserFlyweight().wrap(buf, 0);
            assertThat(v.id()).isEqualTo(42);
            assertThat(v.name()).isEqualTo("Ada");
            assertThat(v.age()).isEqualTo((byte) 36);
            assertThat(v.active()).isTrue();
        } finally {
            buf.release();
        }
    }

    @Test
    void fingerprintsMatchTheCanonicalStrings() {
        assertThat(Fnv1a.hash("struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8"))
                .isEqualTo(UserFlyweight.FINGERPRINT);
        assertThat(CarFlyweight.FINGERPRINT).isEqualTo(Fnv1a.hash(CarFlyweight.CANONICAL));
    }

    @Test
    void flyweightRoundTripsTheCar() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(512);
        ByteBuf model = Unpooled.wrappedBuffer(Samples.CAR_MODEL_UTF8);
        try {
            int length = FlyweightEncoder.encode(buf, Samples.CAR);
            int modelLength = Samples.CAR_MODEL_UTF8.length;
            assertThat(length).isEqualTo(24 + 168 + modelLength);
            assertThat(buf.getIntLE(16)).isEqualTo(168);
            CarFlyweight v = new CarFlyweight().wrap(buf, 0);
            assertThat(v.modelEquals(model)).isTrue();
            List<FuelFigure> figures = new ArrayList<>();
            FuelFigureFlyweight f = new FuelFigureFlyweight();
            for (int i = 0; i < v.fuelFiguresCount(); i++) {
                v.fuelFigure(i, f);
                figures.add(new FuelFigure(f.speed(), f.mpg(), f.distance()));
            }
            assertThat(new Car(v.id(), v.modelYear(), v.engineCapacity(), v.cylinders(), v.available(), v.mileage(),
                    v.price(), v.fuelEconomy(), v.maxRpm(), v.maxSpeed(), v.weight(), v.doors(), v.seats(),
                    v.electric(), v.automatic(), v.colour(), v.vinHigh(), v.vinLow(), v.latitude(), v.longitude(),
                    v.model(), figures)).isEqualTo(Samples.CAR);
        } finally {
            buf.release();
            model.release();
        }
    }

    @Test
    void flyweightRejectsAWrongFingerprintAndABadBool() {
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        try {
            FlyweightEncoder.encode(buf, new User(42, "Ada", (byte) 36, true));
            assertThatThrownBy(() -> new CarFlyweight().wrap(buf, 0)).hasMessageContaining("fingerprint");
            buf.setByte(24 + UserFlyweight.ACTIVE_OFFSET, 2);
            assertThatThrownBy(() -> new UserFlyweight().wrap(buf, 0).active()).hasMessageContaining("bool");
            buf.writerIndex(50);
            assertThatThrownBy(() -> new UserFlyweight().wrap(buf, 0)).hasMessageContaining("truncated");
        } finally {
            buf.release();
        }
    }

    @Test
    void sbeRoundTripsTheCar() {
        UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1024));
        CarEncodeBenchmark.sbeEncode(new CarEncoder(), buffer, new MessageHeaderEncoder(), Samples.CAR);
        CarDecoder d = new CarDecoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderDecoder());
        long id = d.id();
        int modelYear = d.modelYear();
        short engineCapacity = d.engineCapacity();
        byte cylinders = d.cylinders();
        boolean available = d.available() != 0;
        List<FuelFigure> figures = new ArrayList<>();
        for (CarDecoder.FuelFiguresDecoder g : d.fuelFigures()) {
            figures.add(new FuelFigure(g.speed(), g.mpg(), g.distance()));
        }
        assertThat(new Car(id, modelYear, engineCapacity, cylinders, available, d.mileage(), d.price(),
                d.fuelEconomy(), d.maxRpm(), d.maxSpeed(), d.weight(), d.doors(), d.seats(), d.electric() != 0,
                d.automatic() != 0, d.colour(), d.vinHigh(), d.vinLow(), d.latitude(), d.longitude(), d.model(),
                figures)).isEqualTo(Samples.CAR);
    }

    @Test
    void protobufRoundTripsTheCar() throws Exception {
        TeleportBenchProto.Car m = TeleportBenchProto.Car.parseFrom(
                CarEncodeBenchmark.protobufMessage(Samples.CAR).toByteArray());
        List<FuelFigure> figures = new ArrayList<>();
        for (TeleportBenchProto.FuelFigure f : m.getFuelFiguresList()) {
            figures.add(new FuelFigure((short) f.getSpeed(), f.getMpg(), f.getDistance()));
        }
        assertThat(new Car(m.getId(), m.getModelYear(), (short) m.getEngineCapacity(), (byte) m.getCylinders(),
                m.getAvailable(), m.getMileage(), m.getPrice(), m.getFuelEconomy(), m.getMaxRpm(),
                (short) m.getMaxSpeed(), (short) m.getWeight(), (byte) m.getDoors(), (byte) m.getSeats(),
                m.getElectric(), m.getAutomatic(), m.getColour(), m.getVinHigh(), m.getVinLow(), m.getLatitude(),
                m.getLongitude(), m.getModel(), figures)).isEqualTo(Samples.CAR);
    }

    @Test
    void flatBuffersRoundTripsTheCar() {
        FlatBufferBuilder builder = new FlatBufferBuilder(1024);
        CarEncodeBenchmark.flatEncode(builder, Samples.CAR);
        dev.dx.bench.teleport.fbs.Car v = dev.dx.bench.teleport.fbs.Car.getRootAsCar(
                ByteBuffer.wrap(builder.sizedByteArray()));
        List<FuelFigure> figures = new ArrayList<>();
        for (int i = 0; i < v.fuelFiguresLength(); i++) {
            dev.dx.bench.teleport.fbs.FuelFigure f = v.fuelFigures(i);
            figures.add(new FuelFigure(f.speed(), f.mpg(), f.distance()));
        }
        assertThat(new Car(v.id(), v.modelYear(), v.engineCapacity(), v.cylinders(), v.available(), v.mileage(),
                v.price(), v.fuelEconomy(), v.maxRpm(), v.maxSpeed(), v.weight(), v.doors(), v.seats(),
                v.electric(), v.automatic(), v.colour(), v.vinHigh(), v.vinLow(), v.latitude(), v.longitude(),
                v.model(), figures)).isEqualTo(Samples.CAR);
    }
}
