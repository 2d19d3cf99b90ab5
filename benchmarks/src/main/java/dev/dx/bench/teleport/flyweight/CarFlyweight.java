package dev.dx.bench.teleport.flyweight;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Hand-written reader of a Teleport/1 {@code Car} message.
 *
 * <pre>
 *  0                               8
 *  +-------------------------------+
 *  | id (i64)                      |   0
 *  +---------------+-------+---+---+
 *  | modelYear i32 | eng   |cyl|avl|   8
 *  +---------------+-------+---+---+
 *  | mileage (i64)                 |  16
 *  | price (f64)                   |  24
 *  +---------------+---------------+
 *  | fuelEconomy   | maxRpm (i32)  |  32
 *  +-------+-------+---+---+---+---+
 *  |maxSpd |weight |drs|sts|ele|aut|  40
 *  +-------+-------+---+---+---+---+
 *  | colour (i32)  | zero padding  |  48
 *  +---------------+---------------+
 *  | vinHigh, vinLow (i64)         |  56, 64
 *  | latitude, longitude (f64)     |  72, 80
 *  +---------------+---------------+
 *  | model offset  | model length  |  88  (into the string table)
 *  | figures offset| figures count |  96  (into the data section)
 *  +---------------+---------------+ 104
 * </pre>
 *
 * <p>{@link #wrap(ByteBuf, int)} checks the header and returns {@code this}; accessors read at
 * {@code root + X_OFFSET}; every string and slice reference is checked before it is followed.
 */
public final class CarFlyweight {

    /** Root struct size. */
    public static final int SIZE = 104;
    /** The canonical layout string (TELEPORT.md §4). */
    public static final String CANONICAL = "struct Car{id:i64@0,modelYear:i32@8,engineCapacity:i16@12,cylinders:i8@14,"
            + "available:bool@15,mileage:i64@16,price:f64@24,fuelEconomy:f32@32,maxRpm:i32@36,maxSpeed:i16@40,"
            + "weight:i16@42,doors:i8@44,seats:i8@45,electric:bool@46,automatic:bool@47,colour:i32@48,"
            + "vinHigh:i64@56,vinLow:i64@64,latitude:f64@72,longitude:f64@80,model:string@88,"
            + "fuelFigures:slice<struct FuelFigure{speed:i16@0,mpg:f32@4,distance:i32@8}#12:4>@96}#104:8";
    /** FNV-1a 64 of {@link #CANONICAL}. */
    public static final long FINGERPRINT = Fnv1a.hash(CarFlyweight.CANONICAL);

    public static final int ID_OFFSET = 0;
    public static final int MODEL_YEAR_OFFSET = 8;
    public static final int ENGINE_CAPACITY_OFFSET = 12;
    public static final int CYLINDERS_OFFSET = 14;
    public static final int AVAILABLE_OFFSET = 15;
    public static final int MILEAGE_OFFSET = 16;
    public static final int PRICE_OFFSET = 24;
    public static final int FUEL_ECONOMY_OFFSET = 32;
    public static final int MAX_RPM_OFFSET = 36;
    public static final int MAX_SPEED_OFFSET = 40;
    public static final int WEIGHT_OFFSET = 42;
    public static final int DOORS_OFFSET = 44;
    public static final int SEATS_OFFSET = 45;
    public static final int ELECTRIC_OFFSET = 46;
    public static final int AUTOMATIC_OFFSET = 47;
    public static final int COLOUR_OFFSET = 48;
    public static final int VIN_HIGH_OFFSET = 56;
    public static final int VIN_LOW_OFFSET = 64;
    public static final int LATITUDE_OFFSET = 72;
    public static final int LONGITUDE_OFFSET = 80;
    public static final int MODEL_OFFSET = 88;
    public static final int FUEL_FIGURES_OFFSET = 96;

    private ByteBuf buf;
    private int root;
    private int dataLength;
    private int strings;
    private int stringsLength;

    /**
     * Checks the message that starts at {@code offset} and points this view at its root.
     *
     * @return this
     * @throws IllegalArgumentException naming the failed check
     */
    public CarFlyweight wrap(ByteBuf buf, int offset) {
        long lengths = MessageHeader.check(buf, offset, FINGERPRINT, SIZE);
        int d = (int) lengths;
        this.buf = buf;
        this.root = offset + MessageHeader.LENGTH;
        this.dataLength = d;
        this.strings = root + d;
        this.stringsLength = (int) (lengths >>> 32);
        return this;
    }

    public long id() {
        return buf.getLongLE(root + ID_OFFSET);
    }

    public int modelYear() {
        return buf.getIntLE(root + MODEL_YEAR_OFFSET);
    }

    public short engineCapacity() {
        return buf.getShortLE(root + ENGINE_CAPACITY_OFFSET);
    }

    public byte cylinders() {
        return buf.getByte(root + CYLINDERS_OFFSET);
    }

    public boolean available() {
        return MessageHeader.bool(buf, root + AVAILABLE_OFFSET);
    }

    public long mileage() {
        return buf.getLongLE(root + MILEAGE_OFFSET);
    }

    public double price() {
        return buf.getDoubleLE(root + PRICE_OFFSET);
    }

    public float fuelEconomy() {
        return buf.getFloatLE(root + FUEL_ECONOMY_OFFSET);
    }

    public int maxRpm() {
        return buf.getIntLE(root + MAX_RPM_OFFSET);
    }

    public short maxSpeed() {
        return buf.getShortLE(root + MAX_SPEED_OFFSET);
    }

    public short weight() {
        return buf.getShortLE(root + WEIGHT_OFFSET);
    }

    public byte doors() {
        return buf.getByte(root + DOORS_OFFSET);
    }

    public byte seats() {
        return buf.getByte(root + SEATS_OFFSET);
    }

    public boolean electric() {
        return MessageHeader.bool(buf, root + ELECTRIC_OFFSET);
    }

    public boolean automatic() {
        return MessageHeader.bool(buf, root + AUTOMATIC_OFFSET);
    }

    public int colour() {
        return buf.getIntLE(root + COLOUR_OFFSET);
    }

    public long vinHigh() {
        return buf.getLongLE(root + VIN_HIGH_OFFSET);
    }

    public long vinLow() {
        return buf.getLongLE(root + VIN_LOW_OFFSET);
    }

    public double latitude() {
        return buf.getDoubleLE(root + LATITUDE_OFFSET);
    }

    public double longitude() {
        return buf.getDoubleLE(root + LONGITUDE_OFFSET);
    }

    /** @return the model's UTF-8 length in bytes */
    public int modelLength() {
        return (int) (MessageHeader.checkString(buf.getLongLE(root + MODEL_OFFSET), stringsLength) >>> 32);
    }

    /** @return whether the model's bytes equal {@code utf8}'s readable bytes, without decoding */
    public boolean modelEquals(ByteBuf utf8) {
        long ref = MessageHeader.checkString(buf.getLongLE(root + MODEL_OFFSET), stringsLength);
        int length = (int) (ref >>> 32);
        return length == utf8.readableBytes()
                && ByteBufUtil.equals(buf, strings + (int) ref, utf8, utf8.readerIndex(), length);
    }

    /** @return the model, decoded (allocates) */
    public String model() {
        long ref = MessageHeader.checkString(buf.getLongLE(root + MODEL_OFFSET), stringsLength);
        return buf.toString(strings + (int) ref, (int) (ref >>> 32), StandardCharsets.UTF_8);
    }

    /** @return the number of fuel figures, after checking the slice against the data section */
    public int fuelFiguresCount() {
        return (int) (checkedFuelFigures() >>> 32);
    }

    /**
     * Points {@code element} at fuel figure {@code index}.
     *
     * @return {@code element}
     */
    public FuelFigureFlyweight fuelFigure(int index, FuelFigureFlyweight element) {
        long ref = checkedFuelFigures();
        Objects.checkIndex(index, (int) (ref >>> 32));
        return element.wrap(buf, root + (int) ref + index * FuelFigureFlyweight.SIZE);
    }

    private long checkedFuelFigures() {
        long ref = buf.getLongLE(root + FUEL_FIGURES_OFFSET);
        if ((ref & 3) != 0) {
            throw new IllegalArgumentException("misaligned slice: " + (ref & 0xFFFF_FFFFL));
        }
        if ((ref & 0xFFFF_FFFFL) + (ref >>> 32) * FuelFigureFlyweight.SIZE > dataLength) {
            throw new IllegalArgumentException("slice reference out of bounds");
        }
        return ref;
    }
}
