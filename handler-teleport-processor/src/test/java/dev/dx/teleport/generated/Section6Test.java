package dev.dx.teleport.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.teleport.TeleportMessageFlyweight;
import dev.dx.teleport.TeleportWriter;
import dev.dx.teleport.sample.Everything;
import dev.dx.teleport.sample.Everything_Teleport;
import dev.dx.teleport.sample.Optionals;
import dev.dx.teleport.sample.Optionals_Teleport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Generated code for the Teleport/1.1 types (§6): the sample holding every one of them is written
 * as the golden vector {@code teleport/every-type.hex} and as an encoder sharing no code with
 * the processor ({@link ReflectedWriter}) writes it, is read back as the record (timestamps floored
 * to microseconds, decimals from their plain text), and its view's typed accessors read it.
 */
class Section6Test {

    private static final byte[] EVERY_TYPE = Hex.resource("every-type.hex");

    @Test
    void theSampleHasTheGoldenVectorsLayoutAndFingerprint() {
        assertThat(Everything_Teleport.CANONICAL).isEqualTo("struct Everything{blob:bytes@0,at:timestamp@8,"
                + "day:date@16,id:uuid@24,price:decimal@40,maybeInt:optional<i32>@48,maybeName:optional<string>@56,"
                + "maybeId:optional<uuid>@72,maybeFlag:optional<bool>@96,maybeAt:optional<timestamp>@104,"
                + "maybePrice:optional<decimal>@120,maybeBlob:optional<bytes>@132,maybeDay:optional<date>@144,"
                + "blobs:slice<bytes>@152,stamps:slice<timestamp>@160,days:slice<date>@168,ids:slice<uuid>@176,"
                + "prices:slice<decimal>@184}#192:8");
        assertThat(Everything_Teleport.FINGERPRINT).isEqualTo(0x21b400f34138aa2dL);
    }

    @Test
    void generatedWriteGivesTheGoldenVector() {
        assertThat(encode(Samples.EVERYTHING)).isEqualTo(EVERY_TYPE);
    }

    @Test
    void generatedWriteGivesWhatTeleportWriterAtTheRuntimeStructsOffsetsGives() {
        TeleportWriter writer = new TeleportWriter(PooledByteBufAllocator.DEFAULT);
        for (Record value : new Record[] {Samples.EVERYTHING, Samples.OPTIONALS_PRESENT, Samples.OPTIONALS_ABSENT}) {
            ByteBuf reflected = ReflectedWriter.encode(writer, value);
            try {
                byte[] generated = value instanceof Everything e ? encode(e)
                        : RoundTripPropertiesTest.encode(writer, Optionals_Teleport.TYPE, (Optionals) value);
                assertThat(generated).as("%s", value).isEqualTo(Hex.bytes(reflected));
            } finally {
                reflected.release();
            }
        }
    }

    @Test
    void readBuildsTheRecordAsStored() {
        Everything read = Everything_Teleport.read(everything(EVERY_TYPE));
        assertThat(DeepEquals.equal(read, Samples.EVERYTHING_READ)).as("%s", read).isTrue();
        for (Optionals value : new Optionals[] {Samples.OPTIONALS_PRESENT, Samples.OPTIONALS_ABSENT}) {
            byte[] bytes = RoundTripPropertiesTest.encode(new TeleportWriter(PooledByteBufAllocator.DEFAULT),
                    Optionals_Teleport.TYPE, value);
            assertThat(DeepEquals.equal(Optionals_Teleport.read(optionals(bytes)), value))
                    .isTrue();
        }
    }

    @Test
    void viewAccessorsReadTheStoredForm() {
        Everything_Teleport.View v = everything(EVERY_TYPE);
        assertThat(v.blob()).containsExactly(0x00, 0xff, 0x10);
        assertThat(v.blobLength()).isEqualTo(3);
        ByteBuf slice = v.blobSlice();
        assertThat(Hex.bytes(slice)).containsExactly(0x00, 0xff, 0x10);
        assertThat(v.at()).isEqualTo(Instant.parse("2024-02-29T12:34:56.789012Z"));
        assertThat(v.atMicros()).isEqualTo(1709210096789012L);
        assertThat(v.dayEpochDay()).isEqualTo(19782);
        assertThat(v.idHigh()).isEqualTo(0x123e4567e89b12d3L);
        assertThat(v.idLow()).isEqualTo(0xa456426614174000L);
        assertThat(v.price()).isEqualTo(new BigDecimal("-1234.50"));
        assertThat(v.hasMaybeInt()).isTrue();
        assertThat(v.maybeInt()).isEqualTo(-7);
        assertThat(v.maybeIntOr(99)).isEqualTo(-7);
        assertThat(v.hasMaybeName()).isFalse();
        assertThat(v.maybeName()).isEmpty();
        assertThat(v.maybeFlagOr(false)).isTrue();
        assertThat(v.maybeAt()).isEmpty();
        assertThat(v.maybePrice()).contains(new BigDecimal("1000"));
        assertThat(v.maybeBlob()).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(v.hasMaybeDay()).isFalse();
        assertThat(v.blobsCount()).isEqualTo(3);
        assertThat(v.blobs(2)).containsExactly(0xde, 0xad);
        assertThat(v.stamps(0)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(v.days(1)).isEqualTo(java.time.LocalDate.of(1969, 12, 31));
        assertThat(v.ids(0)).hasToString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        assertThat(v.prices(1)).isEqualTo(BigDecimal.ZERO);

        Optionals_Teleport.View absent = optionals(RoundTripPropertiesTest.encode(
                new TeleportWriter(PooledByteBufAllocator.DEFAULT), Optionals_Teleport.TYPE, Samples.OPTIONALS_ABSENT));
        assertThat(absent.countOr(3)).isEqualTo(3);
        assertThat(absent.totalOr(4L)).isEqualTo(4L);
        assertThat(absent.ratioOr(0.5)).isEqualTo(0.5);
        assertThat(absent.letterOr('x')).isEqualTo('x');
        assertThat(absent.count()).isEmpty();
        assertThat(absent.big()).isNull();
        assertThat(absent.hasAddress()).isFalse();
        assertThat(absent.address()).isNull();
        assertThat(absent.car()).isNull();
        Optionals_Teleport.View present = optionals(RoundTripPropertiesTest.encode(
                new TeleportWriter(PooledByteBufAllocator.DEFAULT), Optionals_Teleport.TYPE, Samples.OPTIONALS_PRESENT));
        assertThat(present.countOr(3)).isEqualTo(-5);
        assertThat(present.address().street()).isEqualTo("Elm");
        assertThat(present.car().wheels(1).brand()).isEqualTo("Pirelli");
        assertThat(present.color()).contains(dev.dx.teleport.sample.Color.BLUE);
    }

    @Test
    void toStringPrintsEveryValue() {
        // the string TeleportStructView prints for the same message (handler-teleport's Types11VectorTest)
        assertThat(everything(EVERY_TYPE)).hasToString("Everything{blob=0x00ff10, at=2024-02-29T12:34:56.789012Z,"
                + " day=2024-02-29, id=123e4567-e89b-12d3-a456-426614174000, price=-1234.50, maybeInt=-7,"
                + " maybeName=null, maybeId=00112233-4455-6677-8899-aabbccddeeff, maybeFlag=true,"
                + " maybeAt=null, maybePrice=1000, maybeBlob=0x, maybeDay=null, blobs=[0x01, 0x, 0xdead],"
                + " stamps=[1969-12-31T23:59:59.999999Z, 1970-01-01T00:00:00Z, 1970-01-01T00:00:01.000001Z],"
                + " days=[1970-01-01, 1969-12-31], ids=[f81d4fae-7dec-11d0-a765-00a0c91e6bf6],"
                + " prices=[0.001, 0, 3.14159]}");
        assertThat(optionals(RoundTripPropertiesTest.encode(new TeleportWriter(PooledByteBufAllocator.DEFAULT),
                Optionals_Teleport.TYPE, Samples.OPTIONALS_PRESENT)).toString())
                .startsWith("Optionals{count=-5, total=-9223372036854775808, ratio=-0.0, small=-1, medium=300,"
                        + " letter=8364, big=1099511627776, single=1.5, wide=NaN, color=BLUE,"
                        + " address=Address{street=\"Elm\", zip=7}, boxedInside=0, car=Car{serial=123456789,");
        byte[] hostile = EVERY_TYPE.clone();
        hostile[24 + 48] = 2; // maybeInt's presence byte
        assertThat(everything(hostile)).hasToString("Everything{blob=0x00ff10, at=2024-02-29T12:34:56.789012Z,"
                + " day=2024-02-29, id=123e4567-e89b-12d3-a456-426614174000, price=-1234.50, maybeInt="
                + " (unreadable: PRESENCE_VALUE: presence byte 2 (expected: 0 or 1))");
    }

    @Test
    void aNullRequiredValueOrOptionalIsRefusedNamingTheField() {
        Everything e = Samples.EVERYTHING;
        Everything noPrice = new Everything(e.blob(), e.at(), e.day(), e.id(), null, e.maybeInt(), e.maybeName(),
                e.maybeId(), e.maybeFlag(), e.maybeAt(), e.maybePrice(), e.maybeBlob(), e.maybeDay(), e.blobs(),
                e.stamps(), e.days(), e.ids(), e.prices());
        assertThatThrownBy(() -> encode(noPrice)).isInstanceOf(NullPointerException.class)
                .hasMessage("Everything.price");
        Everything nullOptional = new Everything(e.blob(), e.at(), e.day(), e.id(), e.price(), e.maybeInt(), null,
                e.maybeId(), e.maybeFlag(), e.maybeAt(), e.maybePrice(), e.maybeBlob(), e.maybeDay(), e.blobs(),
                e.stamps(), e.days(), e.ids(), e.prices());
        assertThatThrownBy(() -> encode(nullOptional)).isInstanceOf(NullPointerException.class)
                .hasMessage("Everything.maybeName");
        Everything nullStamp = new Everything(e.blob(), e.at(), e.day(), e.id(), e.price(), e.maybeInt(),
                e.maybeName(), e.maybeId(), e.maybeFlag(), e.maybeAt(), e.maybePrice(), e.maybeBlob(), e.maybeDay(),
                e.blobs(), new Instant[] {null}, e.days(), e.ids(), e.prices());
        assertThatThrownBy(() -> encode(nullStamp)).isInstanceOf(NullPointerException.class)
                .hasMessage("Everything.stamps[]");
    }

    @Test
    void timestampsAreFlooredToMicrosecondsTowardThePast() {
        Everything e = Samples.EVERYTHING;
        Everything early = new Everything(e.blob(), Instant.ofEpochSecond(-1, 999_999_999), e.day(), e.id(),
                e.price(), e.maybeInt(), e.maybeName(), e.maybeId(), e.maybeFlag(),
                Optional.of(Instant.ofEpochSecond(0, 999)), e.maybePrice(), e.maybeBlob(), e.maybeDay(), e.blobs(),
                e.stamps(), e.days(), e.ids(), e.prices());
        Everything_Teleport.View v = everything(encode(early));
        assertThat(v.atMicros()).isEqualTo(-1); // 1 ns before the epoch: -1 µs, not 0
        assertThat(v.maybeAt()).contains(Instant.EPOCH);
    }

    static byte[] encode(Everything value) {
        return RoundTripPropertiesTest.encode(new TeleportWriter(PooledByteBufAllocator.DEFAULT),
                Everything_Teleport.TYPE, value);
    }

    /**
     * A view over {@code bytes}, validated by a flyweight, in a wrapped array (not reference
     * counted by a pool, so nothing to release).
     */
    static Everything_Teleport.View everything(byte[] bytes) {
        return new Everything_Teleport.View().wrap(new TeleportMessageFlyweight()
                .wrap(Unpooled.wrappedBuffer(bytes), Everything_Teleport.LAYOUT));
    }

    static Optionals_Teleport.View optionals(byte[] bytes) {
        return new Optionals_Teleport.View().wrap(new TeleportMessageFlyweight()
                .wrap(Unpooled.wrappedBuffer(bytes), Optionals_Teleport.LAYOUT));
    }
}
