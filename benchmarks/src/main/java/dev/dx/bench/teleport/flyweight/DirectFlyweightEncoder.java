package dev.dx.bench.teleport.flyweight;

import dev.dx.bench.teleport.Car;
import dev.dx.bench.teleport.FuelFigure;
import dev.dx.bench.teleport.User;
import dev.dx.teleport.internal.SignatureClasses;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hand-written writers of the same Teleport/1 {@code User} and {@code Car} bytes as
 * {@link FlyweightEncoder}, stored straight into the {@link ByteBuf}'s memory: one
 * {@link ByteBuf#internalNioBuffer(int, int)} per message (no allocation for Netty's pooled and
 * adaptive buffers), then little-endian {@link VarHandle} stores into that {@link ByteBuffer}, the
 * same merged eight-byte words as the other flyweights, and one writer-index move. The leanest code
 * for writing a Teleport message into a {@code ByteBuf} through public API. Strings are written byte
 * by byte when ASCII, else through {@link String#getBytes}. Needs a buffer with one NIO buffer.
 */
public final class DirectFlyweightEncoder {

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    static {
        // the same footing as Teleport's views: C2 may inline these stores however early it compiles
        SignatureClasses.load();
    }

    private DirectFlyweightEncoder() {
    }

    /**
     * Appends {@code user} as a Teleport/1 message.
     *
     * @return the message length
     */
    public static int encode(ByteBuf out, User user) {
        String name = user.name();
        int dataLength = UserFlyweight.SIZE;
        int bound = MessageHeader.LENGTH + dataLength + 3 * name.length();
        out.ensureWritable(bound);
        int writerIndex = out.writerIndex();
        ByteBuffer m = out.internalNioBuffer(writerIndex, bound);
        int start = m.position();
        int root = start + MessageHeader.LENGTH;
        int nameLength = putString(m, root + dataLength, name);
        header(m, start, UserFlyweight.FINGERPRINT, dataLength, nameLength);
        LONG.set(m, root + UserFlyweight.ID_OFFSET, user.id());
        LONG.set(m, root + UserFlyweight.NAME_OFFSET, (long) nameLength << 32);
        LONG.set(m, root + UserFlyweight.AGE_OFFSET, (user.age() & 0xFFL) | (user.active() ? 1L << 8 : 0L));
        int total = MessageHeader.LENGTH + dataLength + nameLength;
        out.writerIndex(writerIndex + total);
        return total;
    }

    /**
     * Appends {@code car} as a Teleport/1 message.
     *
     * @return the message length
     */
    public static int encode(ByteBuf out, Car car) {
        String model = car.model();
        List<FuelFigure> figures = car.fuelFigures();
        int count = figures.size();
        int end = CarFlyweight.SIZE + count * FuelFigureFlyweight.SIZE;
        int dataLength = (end + 7) & ~7;
        int bound = MessageHeader.LENGTH + dataLength + 3 * model.length();
        out.ensureWritable(bound);
        int writerIndex = out.writerIndex();
        ByteBuffer m = out.internalNioBuffer(writerIndex, bound);
        int start = m.position();
        int root = start + MessageHeader.LENGTH;
        int modelLength = putString(m, root + dataLength, model);
        header(m, start, CarFlyweight.FINGERPRINT, dataLength, modelLength);
        LONG.set(m, root + CarFlyweight.ID_OFFSET, car.id());
        LONG.set(m, root + CarFlyweight.MODEL_YEAR_OFFSET, FlyweightEncoder.word8(car));
        LONG.set(m, root + CarFlyweight.MILEAGE_OFFSET, car.mileage());
        LONG.set(m, root + CarFlyweight.PRICE_OFFSET, Double.doubleToRawLongBits(car.price()));
        LONG.set(m, root + CarFlyweight.FUEL_ECONOMY_OFFSET, FlyweightEncoder.word32(car));
        LONG.set(m, root + CarFlyweight.MAX_SPEED_OFFSET, FlyweightEncoder.word40(car));
        LONG.set(m, root + CarFlyweight.COLOUR_OFFSET, car.colour() & 0xFFFF_FFFFL);
        LONG.set(m, root + CarFlyweight.VIN_HIGH_OFFSET, car.vinHigh());
        LONG.set(m, root + CarFlyweight.VIN_LOW_OFFSET, car.vinLow());
        LONG.set(m, root + CarFlyweight.LATITUDE_OFFSET, Double.doubleToRawLongBits(car.latitude()));
        LONG.set(m, root + CarFlyweight.LONGITUDE_OFFSET, Double.doubleToRawLongBits(car.longitude()));
        LONG.set(m, root + CarFlyweight.MODEL_OFFSET, (long) modelLength << 32);
        int slice = count == 0 ? 0 : CarFlyweight.SIZE;
        LONG.set(m, root + CarFlyweight.FUEL_FIGURES_OFFSET, slice | (long) count << 32);
        int element = root + CarFlyweight.SIZE;
        for (int i = 0; i < count; i++, element += FuelFigureFlyweight.SIZE) {
            FuelFigure figure = figures.get(i);
            LONG.set(m, element, FlyweightEncoder.figureWord0(figure));
            INT.set(m, element + FuelFigureFlyweight.DISTANCE_OFFSET, figure.distance());
        }
        if (dataLength != end) {
            INT.set(m, element, 0);
        }
        int total = MessageHeader.LENGTH + dataLength + modelLength;
        out.writerIndex(writerIndex + total);
        return total;
    }

    private static void header(ByteBuffer m, int at, long fingerprint, int dataLength, int stringsLength) {
        LONG.set(m, at, MessageHeader.MAGIC_VERSION);
        LONG.set(m, at + MessageHeader.FINGERPRINT_OFFSET, fingerprint);
        LONG.set(m, at + MessageHeader.DATA_LENGTH_OFFSET,
                (dataLength & 0xFFFF_FFFFL) | (long) stringsLength << 32);
    }

    /** Writes {@code value}'s UTF-8 bytes at {@code at} (room for 3 bytes a char is there). */
    private static int putString(ByteBuffer m, int at, String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                m.put(at, utf8, 0, utf8.length);
                return utf8.length;
            }
            m.put(at + i, (byte) c);
        }
        return n;
    }
}
