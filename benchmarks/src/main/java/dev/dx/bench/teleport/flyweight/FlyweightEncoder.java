package dev.dx.bench.teleport.flyweight;

import dev.dx.bench.teleport.Car;
import dev.dx.bench.teleport.FuelFigure;
import dev.dx.bench.teleport.User;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * Hand-written writers of the Teleport/1 {@code User} and {@code Car} messages: absolute
 * little-endian sets at the layout's offsets, padding written as zero, strings encoded straight
 * into the buffer. Each call appends one message at the writer index and advances it.
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
     * Appends {@code car} as a Teleport/1 message.
     *
     * @return the message length
     */
    public static int encode(ByteBuf out, Car car) {
        String model = car.model();
        int modelLength = ByteBufUtil.utf8Bytes(model);
        List<FuelFigure> figures = car.fuelFigures();
        int count = figures.size();
        int dataLength = (CarFlyweight.SIZE + count * FuelFigureFlyweight.SIZE + 7) & ~7;
        int total = MessageHeader.LENGTH + dataLength + modelLength;
        out.ensureWritable(total);
        int start = out.writerIndex();
        MessageHeader.write(out, start, CarFlyweight.FINGERPRINT, dataLength, modelLength);
        int root = start + MessageHeader.LENGTH;
        out.setLongLE(root + CarFlyweight.ID_OFFSET, car.id());
        out.setIntLE(root + CarFlyweight.MODEL_YEAR_OFFSET, car.modelYear());
        out.setShortLE(root + CarFlyweight.ENGINE_CAPACITY_OFFSET, car.engineCapacity());
        out.setByte(root + CarFlyweight.CYLINDERS_OFFSET, car.cylinders());
        out.setByte(root + CarFlyweight.AVAILABLE_OFFSET, car.available() ? 1 : 0);
        out.setLongLE(root + CarFlyweight.MILEAGE_OFFSET, car.mileage());
        out.setDoubleLE(root + CarFlyweight.PRICE_OFFSET, car.price());
        out.setFloatLE(root + CarFlyweight.FUEL_ECONOMY_OFFSET, car.fuelEconomy());
        out.setIntLE(root + CarFlyweight.MAX_RPM_OFFSET, car.maxRpm());
        out.setShortLE(root + CarFlyweight.MAX_SPEED_OFFSET, car.maxSpeed());
        out.setShortLE(root + CarFlyweight.WEIGHT_OFFSET, car.weight());
        out.setByte(root + CarFlyweight.DOORS_OFFSET, car.doors());
        out.setByte(root + CarFlyweight.SEATS_OFFSET, car.seats());
        out.setByte(root + CarFlyweight.ELECTRIC_OFFSET, car.electric() ? 1 : 0);
        out.setByte(root + CarFlyweight.AUTOMATIC_OFFSET, car.automatic() ? 1 : 0);
        // colour and four bytes of zero padding in one store
        out.setLongLE(root + CarFlyweight.COLOUR_OFFSET, car.colour() & 0xFFFF_FFFFL);
        out.setLongLE(root + CarFlyweight.VIN_HIGH_OFFSET, car.vinHigh());
        out.setLongLE(root + CarFlyweight.VIN_LOW_OFFSET, car.vinLow());
        out.setDoubleLE(root + CarFlyweight.LATITUDE_OFFSET, car.latitude());
        out.setDoubleLE(root + CarFlyweight.LONGITUDE_OFFSET, car.longitude());
        out.setLongLE(root + CarFlyweight.MODEL_OFFSET, (long) modelLength << 32);
        int slice = count == 0 ? 0 : CarFlyweight.SIZE;
        out.setLongLE(root + CarFlyweight.FUEL_FIGURES_OFFSET, slice | (long) count << 32);
        int element = root + CarFlyweight.SIZE;
        for (int i = 0; i < count; i++, element += FuelFigureFlyweight.SIZE) {
            FuelFigure figure = figures.get(i);
            // speed and two bytes of zero padding in one store
            out.setIntLE(element + FuelFigureFlyweight.SPEED_OFFSET, figure.speed() & 0xFFFF);
            out.setFloatLE(element + FuelFigureFlyweight.MPG_OFFSET, figure.mpg());
            out.setIntLE(element + FuelFigureFlyweight.DISTANCE_OFFSET, figure.distance());
        }
        out.setZero(element, root + dataLength - element);
        out.writerIndex(root + dataLength);
        ByteBufUtil.reserveAndWriteUtf8(out, model, modelLength);
        return total;
    }
}
