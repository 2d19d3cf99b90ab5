package dev.dx.bench.teleport.flyweight;

import dev.dx.bench.teleport.Car;
import dev.dx.bench.teleport.FuelFigure;
import dev.dx.bench.teleport.User;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * Hand-written writers of the Teleport/1 {@code User} and {@code Car} messages straight into a
 * {@link ByteBuf}: the fewest absolute little-endian sets for those bytes (adjacent small fields
 * and padding merged into eight-byte stores), strings encoded straight into the buffer.
 * Each call appends one message at the writer index and advances it.
 */
public final class FlyweightEncoder {

    private FlyweightEncoder() {
    }

    /**
     * Appends {@code user} as a Teleport/1 message.
     *
     * @return the message length
     */
    public static int encode(ByteBuf out, User user) {
        String name = user.name();
        int nameLength = ByteBufUtil.utf8Bytes(name);
        int dataLength = UserFlyweight.SIZE;
        int total = MessageHeader.LENGTH + dataLength + nameLength;
        out.ensureWritable(total);
        int start = out.writerIndex();
        MessageHeader.write(out, start, UserFlyweight.FINGERPRINT, dataLength, nameLength);
        int root = start + MessageHeader.LENGTH;
        out.setLongLE(root + UserFlyweight.ID_OFFSET, user.id());
        out.setLongLE(root + UserFlyweight.NAME_OFFSET, (long) nameLength << 32);
        // age, active and six bytes of zero padding in one store
        out.setLongLE(root + UserFlyweight.AGE_OFFSET, (user.age() & 0xFF) | (user.active() ? 1L << 8 : 0L));
        out.writerIndex(root + dataLength);
        ByteBufUtil.reserveAndWriteUtf8(out, name, nameLength);
        return total;
    }

    /**
     * Appends {@code car} as a Teleport/1 message: the 104-byte root struct as 13 eight-byte stores
     * (adjacent small fields and the padding merged), each fuel figure as one eight-byte and one
     * four-byte store.
     *
     * @return the message length
     */
    public static int encode(ByteBuf out, Car car) {
        String model = car.model();
        int modelLength = ByteBufUtil.utf8Bytes(model);
        List<FuelFigure> figures = car.fuelFigures();
        int count = figures.size();
        int end = CarFlyweight.SIZE + count * FuelFigureFlyweight.SIZE;
        int dataLength = (end + 7) & ~7;
        int total = MessageHeader.LENGTH + dataLength + modelLength;
        out.ensureWritable(total);
        int start = out.writerIndex();
        MessageHeader.write(out, start, CarFlyweight.FINGERPRINT, dataLength, modelLength);
        int root = start + MessageHeader.LENGTH;
        out.setLongLE(root + CarFlyweight.ID_OFFSET, car.id());
        out.setLongLE(root + CarFlyweight.MODEL_YEAR_OFFSET, word8(car));
        out.setLongLE(root + CarFlyweight.MILEAGE_OFFSET, car.mileage());
        out.setLongLE(root + CarFlyweight.PRICE_OFFSET, Double.doubleToRawLongBits(car.price()));
        out.setLongLE(root + CarFlyweight.FUEL_ECONOMY_OFFSET, word32(car));
        out.setLongLE(root + CarFlyweight.MAX_SPEED_OFFSET, word40(car));
        // colour and four bytes of zero padding in one store
        out.setLongLE(root + CarFlyweight.COLOUR_OFFSET, car.colour() & 0xFFFF_FFFFL);
        out.setLongLE(root + CarFlyweight.VIN_HIGH_OFFSET, car.vinHigh());
        out.setLongLE(root + CarFlyweight.VIN_LOW_OFFSET, car.vinLow());
        out.setLongLE(root + CarFlyweight.LATITUDE_OFFSET, Double.doubleToRawLongBits(car.latitude()));
        out.setLongLE(root + CarFlyweight.LONGITUDE_OFFSET, Double.doubleToRawLongBits(car.longitude()));
        out.setLongLE(root + CarFlyweight.MODEL_OFFSET, (long) modelLength << 32);
        int slice = count == 0 ? 0 : CarFlyweight.SIZE;
        out.setLongLE(root + CarFlyweight.FUEL_FIGURES_OFFSET, slice | (long) count << 32);
        int element = root + CarFlyweight.SIZE;
        for (int i = 0; i < count; i++, element += FuelFigureFlyweight.SIZE) {
            FuelFigure figure = figures.get(i);
            out.setLongLE(element, figureWord0(figure));
            out.setIntLE(element + FuelFigureFlyweight.DISTANCE_OFFSET, figure.distance());
        }
        if (dataLength != end) {
            out.setIntLE(element, 0); // the data section's padding: 4 bytes at most here
        }
        out.writerIndex(root + dataLength);
        ByteBufUtil.reserveAndWriteUtf8(out, model, modelLength);
        return total;
    }

    /** modelYear, engineCapacity, cylinders and available: bytes 8–15 of the root struct. */
    static long word8(Car car) {
        return (car.modelYear() & 0xFFFF_FFFFL)
                | (car.engineCapacity() & 0xFFFFL) << 32
                | (car.cylinders() & 0xFFL) << 48
                | (car.available() ? 1L << 56 : 0L);
    }

    /** fuelEconomy and maxRpm: bytes 32–39. */
    static long word32(Car car) {
        return (Float.floatToRawIntBits(car.fuelEconomy()) & 0xFFFF_FFFFL)
                | (long) car.maxRpm() << 32;
    }

    /** maxSpeed, weight, doors, seats, electric and automatic: bytes 40–47. */
    static long word40(Car car) {
        return (car.maxSpeed() & 0xFFFFL)
                | (car.weight() & 0xFFFFL) << 16
                | (car.doors() & 0xFFL) << 32
                | (car.seats() & 0xFFL) << 40
                | (car.electric() ? 1L << 48 : 0L)
                | (car.automatic() ? 1L << 56 : 0L);
    }

    /** A fuel figure's speed, two bytes of zero padding and mpg: its first 8 bytes. */
    static long figureWord0(FuelFigure figure) {
        return (figure.speed() & 0xFFFFL) | (long) Float.floatToRawIntBits(figure.mpg()) << 32;
    }
}
