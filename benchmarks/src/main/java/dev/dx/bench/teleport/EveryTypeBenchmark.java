package dev.dx.bench.teleport;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.dx.bench.teleport.proto.TeleportBenchProto;
import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * {@link EveryType#SAMPLE}, a record with every Teleport type (§6 included), encoded and decoded
 * by Teleport's generated code and by protobuf-java.
 *
 * <ul>
 * <li>Encode: from the record into a reused buffer. Teleport writes with the generated
 *     {@code EveryType_Teleport.write} into a pooled direct buffer ({@code TeleportWriter.into});
 *     protobuf builds its message from the record (a {@code Timestamp} per instant, a {@code Uuid}
 *     per UUID, a decimal's plain text, a {@code ByteString} of the bytes) and writes it into a
 *     byte array.
 * <li>Decode: validate, then read every field as the Java value the record holds ({@code String},
 *     {@code byte[]}, {@code Instant}, {@code LocalDate}, {@code UUID}, {@code BigDecimal}, the
 *     present optionals' values, every slice element) into a {@link Blackhole}. Teleport re-wraps a
 *     {@code TeleportMessageFlyweight} on the message in a pooled direct buffer and reads through
 *     the generated view; protobuf parses the byte array and converts the same values.
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar 'dev.dx.bench.teleport.EveryTypeBenchmark' -prof gc}.
 */
@State(Scope.Thread)
// as in the other Teleport benchmarks: each library's method is compiled on its own
@CompilerControl(CompilerControl.Mode.DONT_INLINE)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class EveryTypeBenchmark {

    private EveryType value;
    private ByteBuf out;
    private TeleportWriter teleportWriter;
    private ByteBuf teleportBytes;
    private final TeleportMessageFlyweight teleportFlyweight = new TeleportMessageFlyweight();
    private final EveryType_Teleport.View teleportView = new EveryType_Teleport.View();
    private byte[] protobufOut;
    private byte[] protobufBytes;

    /** Encodes the sample once with each library, and checks that both decode it to the sample. */
    @Setup
    public void setup() {
        value = EveryType.SAMPLE;
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        teleportWriter = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        ByteBuf encoded = EveryType_Teleport.encode(PooledByteBufAllocator.DEFAULT, value);
        teleportBytes = PooledByteBufAllocator.DEFAULT.directBuffer(1024).writeBytes(encoded);
        encoded.release();
        protobufOut = new byte[1024];
        protobufBytes = protobufMessage(value).toByteArray();
        checkDecodes();
    }

    /** Fails the run unless both libraries decode the sample to the values it holds. */
    private void checkDecodes() {
        String expected = describe(value);
        EveryType_Teleport.View v = teleportView.wrap(teleportFlyweight.wrap(teleportBytes, EveryType_Teleport.LAYOUT));
        String teleport = describe(EveryType_Teleport.read(v));
        String protobuf;
        try {
            protobuf = describe(fromProtobuf(TeleportBenchProto.EveryType.parseFrom(protobufBytes)));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
        if (!expected.equals(teleport) || !expected.equals(protobuf)) {
            throw new IllegalStateException("decoded values differ: expected " + expected + ", Teleport "
                    + teleport + ", protobuf " + protobuf);
        }
    }

    /** Releases the pooled buffers. */
    @TearDown
    public void tearDown() {
        ReferenceCountUtil.release(out);
        ReferenceCountUtil.release(teleportBytes);
    }

    /**
     * The generated {@code EveryType_Teleport.write} into the reused pooled direct buffer.
     *
     * @return the message length
     */
    @Benchmark
    public int teleportEncode() {
        ByteBuf o = out;
        o.clear();
        EveryType_Teleport.write(teleportWriter.into(o), value);
        return teleportWriter.finish().writerIndex();
    }

    /**
     * protobuf's message built from the record, written into a reused byte array.
     *
     * @return the message length
     */
    @Benchmark
    public int protobufEncode() throws IOException {
        CodedOutputStream output = CodedOutputStream.newInstance(protobufOut);
        protobufMessage(value).writeTo(output);
        return output.getTotalBytesWritten();
    }

    /** Validates the message with a re-wrapped flyweight and reads every field through the view. */
    @Benchmark
    public void teleportDecode(Blackhole bh) {
        EveryType_Teleport.View v = teleportView.wrap(teleportFlyweight.wrap(teleportBytes, EveryType_Teleport.LAYOUT));
        bh.consume(v.id());
        bh.consume(v.count());
        bh.consume(v.small());
        bh.consume(v.tiny());
        bh.consume(v.flag());
        bh.consume(v.ratio());
        bh.consume(v.score());
        bh.consume(v.letter());
        bh.consume(v.tier());
        bh.consume(v.name());
        bh.consume(v.blob());
        bh.consume(v.at());
        bh.consume(v.day());
        bh.consume(v.key());
        bh.consume(v.amount());
        if (v.hasMaybeCount()) {
            bh.consume(v.maybeCountOr(0));
        }
        bh.consume(v.maybeNote());
        bh.consume(v.maybeRef());
        bh.consume(v.maybeAt());
        bh.consume(v.maybeDiscount());
        bh.consume(v.maybeDay());
        for (int i = 0, n = v.codesCount(); i < n; i++) {
            bh.consume(v.codes(i));
        }
        for (int i = 0, n = v.ratesCount(); i < n; i++) {
            bh.consume(v.rates(i));
        }
        for (int i = 0, n = v.figuresCount(); i < n; i++) {
            FuelFigure_Teleport.View f = v.figures(i);
            bh.consume(f.speed());
            bh.consume(f.mpg());
            bh.consume(f.distance());
        }
        for (int i = 0, n = v.stampsCount(); i < n; i++) {
            bh.consume(v.stamps(i));
        }
    }

    /** Parses the message and reads every field, converted to the record's Java types. */
    @Benchmark
    public void protobufDecode(Blackhole bh) throws InvalidProtocolBufferException {
        TeleportBenchProto.EveryType m = TeleportBenchProto.EveryType.parseFrom(protobufBytes);
        bh.consume(m.getId());
        bh.consume(m.getCount());
        bh.consume((short) m.getSmall());
        bh.consume((byte) m.getTiny());
        bh.consume(m.getFlag());
        bh.consume(m.getRatio());
        bh.consume(m.getScore());
        bh.consume((char) m.getLetter());
        bh.consume(tier(m.getTier()));
        bh.consume(m.getName());
        bh.consume(m.getBlob().toByteArray());
        bh.consume(instant(m.getAt()));
        bh.consume(LocalDate.ofEpochDay(m.getDay()));
        bh.consume(uuid(m.getKey()));
        bh.consume(new BigDecimal(m.getAmount()));
        if (m.hasMaybeCount()) {
            bh.consume(m.getMaybeCount());
        }
        bh.consume(m.hasMaybeNote() ? Optional.of(m.getMaybeNote()) : Optional.empty());
        bh.consume(m.hasMaybeRef() ? Optional.of(uuid(m.getMaybeRef())) : Optional.empty());
        bh.consume(m.hasMaybeAt() ? Optional.of(instant(m.getMaybeAt())) : Optional.empty());
        bh.consume(m.hasMaybeDiscount() ? Optional.of(new BigDecimal(m.getMaybeDiscount())) : Optional.empty());
        bh.consume(m.hasMaybeDay() ? Optional.of(LocalDate.ofEpochDay(m.getMaybeDay())) : Optional.empty());
        for (int i = 0, n = m.getCodesCount(); i < n; i++) {
            bh.consume(m.getCodes(i));
        }
        for (int i = 0, n = m.getRatesCount(); i < n; i++) {
            bh.consume(new BigDecimal(m.getRates(i)));
        }
        List<TeleportBenchProto.FuelFigure> figures = m.getFiguresList();
        for (int i = 0, n = figures.size(); i < n; i++) {
            TeleportBenchProto.FuelFigure f = figures.get(i);
            bh.consume((short) f.getSpeed());
            bh.consume(f.getMpg());
            bh.consume(f.getDistance());
        }
        for (int i = 0, n = m.getStampsCount(); i < n; i++) {
            bh.consume(instant(m.getStamps(i)));
        }
    }

    /** protobuf's message for {@code v}. */
    static TeleportBenchProto.EveryType protobufMessage(EveryType v) {
        TeleportBenchProto.EveryType.Builder b = TeleportBenchProto.EveryType.newBuilder()
                .setId(v.id())
                .setCount(v.count())
                .setSmall(v.small())
                .setTiny(v.tiny())
                .setFlag(v.flag())
                .setRatio(v.ratio())
                .setScore(v.score())
                .setLetter(v.letter())
                .setTierValue(v.tier().ordinal())
                .setName(v.name())
                .setBlob(ByteString.copyFrom(v.blob()))
                .setAt(timestamp(v.at()))
                .setDay((int) v.day().toEpochDay())
                .setKey(uuid(v.key()))
                .setAmount(v.amount().toPlainString());
        if (v.maybeCount() != null) {
            b.setMaybeCount(v.maybeCount());
        }
        // no lambdas: each would be an object per call that protobuf itself does not need
        if (v.maybeNote().isPresent()) {
            b.setMaybeNote(v.maybeNote().get());
        }
        if (v.maybeRef().isPresent()) {
            b.setMaybeRef(uuid(v.maybeRef().get()));
        }
        if (v.maybeAt().isPresent()) {
            b.setMaybeAt(timestamp(v.maybeAt().get()));
        }
        if (v.maybeDiscount().isPresent()) {
            b.setMaybeDiscount(v.maybeDiscount().get().toPlainString());
        }
        if (v.maybeDay().isPresent()) {
            b.setMaybeDay((int) v.maybeDay().get().toEpochDay());
        }
        for (int code : v.codes()) {
            b.addCodes(code);
        }
        for (BigDecimal rate : v.rates()) {
            b.addRates(rate.toPlainString());
        }
        for (FuelFigure f : v.figures()) {
            b.addFigures(TeleportBenchProto.FuelFigure.newBuilder()
                    .setSpeed(f.speed()).setMpg(f.mpg()).setDistance(f.distance()));
        }
        for (Instant t : v.stamps()) {
            b.addStamps(timestamp(t));
        }
        return b.build();
    }

    /** The record protobuf's message {@code m} holds (for the setup check). */
    static EveryType fromProtobuf(TeleportBenchProto.EveryType m) {
        List<BigDecimal> rates = new ArrayList<>();
        for (String rate : m.getRatesList()) {
            rates.add(new BigDecimal(rate));
        }
        List<FuelFigure> figures = new ArrayList<>();
        for (TeleportBenchProto.FuelFigure f : m.getFiguresList()) {
            figures.add(new FuelFigure((short) f.getSpeed(), f.getMpg(), f.getDistance()));
        }
        List<Instant> stamps = new ArrayList<>();
        for (Timestamp t : m.getStampsList()) {
            stamps.add(instant(t));
        }
        return new EveryType(m.getId(), m.getCount(), (short) m.getSmall(), (byte) m.getTiny(), m.getFlag(),
                m.getRatio(), m.getScore(), (char) m.getLetter(), tier(m.getTier()), m.getName(),
                m.getBlob().toByteArray(), instant(m.getAt()), LocalDate.ofEpochDay(m.getDay()), uuid(m.getKey()),
                new BigDecimal(m.getAmount()), m.hasMaybeCount() ? m.getMaybeCount() : null,
                m.hasMaybeNote() ? Optional.of(m.getMaybeNote()) : Optional.empty(),
                m.hasMaybeRef() ? Optional.of(uuid(m.getMaybeRef())) : Optional.empty(),
                m.hasMaybeAt() ? Optional.of(instant(m.getMaybeAt())) : Optional.empty(),
                m.hasMaybeDiscount() ? Optional.of(new BigDecimal(m.getMaybeDiscount())) : Optional.empty(),
                m.hasMaybeDay() ? Optional.of(LocalDate.ofEpochDay(m.getMaybeDay())) : Optional.empty(),
                m.getCodesList().stream().mapToInt(Integer::intValue).toArray(), rates, figures, stamps);
    }

    /** Every value of {@code v} as text, arrays by content, for comparing decoded records. */
    static String describe(EveryType v) {
        return List.of(v.id(), v.count(), v.small(), v.tiny(), v.flag(), v.ratio(), v.score(), v.letter(), v.tier(),
                v.name(), Arrays.toString(v.blob()), v.at(), v.day(), v.key(), v.amount(),
                String.valueOf(v.maybeCount()), v.maybeNote(), v.maybeRef(), v.maybeAt(), v.maybeDiscount(),
                v.maybeDay(), Arrays.toString(v.codes()), v.rates(), v.figures(), v.stamps()).toString();
    }

    private static Tier tier(TeleportBenchProto.Tier tier) {
        return switch (tier) {
            case BRONZE -> Tier.BRONZE;
            case SILVER -> Tier.SILVER;
            case GOLD -> Tier.GOLD;
            default -> throw new IllegalArgumentException("tier : " + tier + " (expected: a known tier)");
        };
    }

    private static Timestamp timestamp(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    private static TeleportBenchProto.Uuid uuid(UUID u) {
        return TeleportBenchProto.Uuid.newBuilder()
                .setHigh(u.getMostSignificantBits()).setLow(u.getLeastSignificantBits()).build();
    }

    private static UUID uuid(TeleportBenchProto.Uuid u) {
        return new UUID(u.getHigh(), u.getLow());
    }
}
