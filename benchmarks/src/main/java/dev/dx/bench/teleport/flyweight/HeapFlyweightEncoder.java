package dev.dx.bench.teleport.flyweight;

import dev.dx.bench.teleport.Car;
import dev.dx.bench.teleport.FuelFigure;
import dev.dx.bench.teleport.User;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Hand-written writers of the same Teleport/1 {@code User} and {@code Car} bytes as
 * {@link FlyweightEncoder}, built in a reused heap array (little-endian {@link VarHandle} stores,
 * the same merged eight-byte words) and copied into the {@link ByteBuf} with one
 * {@code writeBytes}: one checked buffer access per message instead of one per store. Strings are
 * written into the array as ASCII when they are, else through {@link String#getBytes}.
 * Not thread-safe.
 */
public final class HeapFlyweightEncoder {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private byte[] scratch = new byte[1024];

    /**
     * Appends {@code user} as a Teleport/1 message.
     *
     * @return the message length
     */
    public int encode(ByteBuf out, User user) {
        String name = user.name();
        int dataLength = UserFlyweight.SIZE;
        int root = MessageHeader.LENGTH;
        byte[] s = capacity(root + dataLength + 3 * name.length());
        int nameLength = putString(s, root + dataLength, name);
        header(s, UserFlyweight.FINGERPRINT, dataLength, nameLength);
        LONG.set(s, root + UserFlyweight.ID_OFFSET, user.id());
        LONG.set(s, root + UserFlyweight.NAME_OFFSET, (long) nameLength << 32);
        LONG.set(s, root + UserFlyweight.AGE_OFFSET, (user.age() & 0xFFL) | (user.active() ? 1L << 8 : 0L));
        int total = root + dataLength + nameLength;
        out.writeBytes(s, 0, total);
        return total;
    }

    /**
     * Appends {@code car} as a Teleport/1 message.
     *
     * @return the message length
     */
    public int encode(ByteBuf out, Car car) {
        String model = car.model();
        List<FuelFigure> figures = car.fuelFigures();
        int count = figures.size();
        int end = CarFlyweight.SIZE + count * FuelFigureFlyweight.SIZE;
        int dataLength = (end + 7) & ~7;
        int root = MessageHeader.LENGTH;
        byte[] s = capacity(root + dataLength + 3 * model.length());
        int modelLength = putString(s, root + dataLength, model);
        header(s, CarFlyweight.FINGERPRINT, dataLength, modelLength);
        LONG.set(s, root + CarFlyweight.ID_OFFSET, car.id());
        LONG.set(s, root + CarFlyweight.MODEL_YEAR_OFFSET, FlyweightEncoder.word8(car));
        LONG.set(s, root + CarFlyweight.MILEAGE_OFFSET, car.mileage());
        LONG.set(s, root + CarFlyweight.PRICE_OFFSET, Double.doubleToRawLongBits(car.price()));
        LONG.set(s, root + CarFlyweight.FUEL_ECONOMY_OFFSET, FlyweightEncoder.word32(car));
        LONG.set(s, root + CarFlyweight.MAX_SPEED_OFFSET, FlyweightEncoder.word40(car));
        LONG.set(s, root + CarFlyweight.COLOUR_OFFSET, car.colour() & 0xFFFF_FFFFL);
        LONG.set(s, root + CarFlyweight.VIN_HIGH_OFFSET, car.vinHigh());
        LONG.set(s, root + CarFlyweight.VIN_LOW_OFFSET, car.vinLow());
        LONG.set(s, root + CarFlyweight.LATITUDE_OFFSET, Double.doubleToRawLongBits(car.latitude()));
        LONG.set(s, root + CarFlyweight.LONGITUDE_OFFSET, Double.doubleToRawLongBits(car.longitude()));
        LONG.set(s, root + CarFlyweight.MODEL_OFFSET, (long) modelLength << 32);
        int slice = count == 0 ? 0 : CarFlyweight.SIZE;
        LONG.set(s, root + CarFlyweight.FUEL_FIGURES_OFFSET, slice | (long) count << 32);
        int element = root + CarFlyweight.SIZE;
        for (int i = 0; i < count; i++, element += FuelFigureFlyweight.SIZE) {
            FuelFigure figure = figures.get(i);
            LONG.set(s, element, FlyweightEncoder.figureWord0(figure));
            INT.set(s, element + FuelFigureFlyweight.DISTANCE_OFFSET, figure.distance());
        }
        if (dataLength != end) {
            INT.set(s, element, 0);
        }
        int total = root + dataLength + modelLength;
        out.writeBytes(s, 0, total);
        return total;
    }

    private static void header(byte[] s, long fingerprint, int dataLength, int stringsLength) {
        LONG.set(s, 0, MessageHeader.MAGIC_VERSION);
        LONG.set(s, MessageHeader.FINGERPRINT_OFFSET, fingerprint);
        LONG.set(s, MessageHeader.DATA_LENGTH_OFFSET, (dataLength & 0xFFFF_FFFFL) | (long) stringsLength << 32);
    }

    /** Writes {@code value}'s UTF-8 bytes at {@code at} (room for 3 bytes a char is there). */
    private static int putString(byte[] s, int at, String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, s, at, utf8.length);
                return utf8.length;
            }
            s[at + i] = (byte) c;
        }
        return n;
    }

    private byte[] capacity(int needed) {
        if (needed > scratch.length) {
            scratch = new byte[Math.max(needed, 2 * scratch.length)];
        }
        return scratch;
    }
}
