package dev.dx.bench.teleport.flyweight;

import io.netty.buffer.ByteBuf;

/**
 * Hand-written view of one Teleport/1 {@code FuelFigure} slice element.
 *
 * <pre>
 *  0       2       4               8              12
 *  +-------+-------+---------------+---------------+
 *  | speed | zero  | mpg (f32)     | distance (i32)|
 *  +-------+-------+---------------+---------------+
 * </pre>
 *
 * <p>{@link #wrap(ByteBuf, int)} stores the element's absolute offset and returns {@code this};
 * the enclosing view has checked the slice against the data section.
 */
public final class FuelFigureFlyweight {

    /** Element size (the slice stride). */
    public static final int SIZE = 12;
    /** Offset of speed. */
    public static final int SPEED_OFFSET = 0;
    /** Offset of mpg. */
    public static final int MPG_OFFSET = 4;
    /** Offset of distance. */
    public static final int DISTANCE_OFFSET = 8;

    private ByteBuf buf;
    private int offset;

    /**
     * Points this view at the element at {@code offset}.
     *
     * @return this
     */
    public FuelFigureFlyweight wrap(ByteBuf buf, int offset) {
        this.buf = buf;
        this.offset = offset;
        return this;
    }

    /** @return speed */
    public short speed() {
        return buf.getShortLE(offset + SPEED_OFFSET);
    }

    /** @return mpg */
    public float mpg() {
        return buf.getFloatLE(offset + MPG_OFFSET);
    }

    /** @return distance */
    public int distance() {
        return buf.getIntLE(offset + DISTANCE_OFFSET);
    }
}
