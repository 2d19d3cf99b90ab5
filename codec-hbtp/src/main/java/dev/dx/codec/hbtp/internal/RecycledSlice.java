package dev.dx.codec.hbtp.internal;

import static dev.dx.common.Checks.checkNotNull;

import io.netty.buffer.AbstractReferenceCountedByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A retained slice of any {@link ByteBuf} that can be pointed at new bytes once released: the decoder's
 * zero-allocation body. Each pooled {@code HbtpFrame} owns one and re-initialises it for every frame it
 * carries, so frame and body come out of (and go back to) the pool together. It holds one reference to its
 * parent, has its own reference count, and on its last release gives the parent's reference back.
 *
 * <p>Why not {@code parent.retainedSlice(...)}: Netty 4.2 pools retained slices only of
 * {@code PooledByteBufAllocator} buffers; its default {@code AdaptiveByteBufAllocator} answers with a new
 * {@code UnpooledSlicedByteBuf} (which also shares the parent's reference count) for every frame.
 *
 * <p>An owner may ask to hear of the last release ({@link #RecycledSlice(Runnable)}): a pooled frame goes
 * back to its pool when its body is freed, whichever holder of the body released it last.
 *
 * <p>Its own derived buffers ({@code slice()}, {@code duplicate()}, ...) are Netty's unpooled ones and
 * share this slice's reference count, as for any Netty buffer. Not leak-tracked itself: a leaked slice
 * shows up as a leak of its parent.
 */
public final class RecycledSlice extends AbstractReferenceCountedByteBuf {

    /** Run after each last release, once the parent's reference is given back; may be null. */
    private final Runnable onFreed;
    private ByteBuf parent;
    private int adjustment;

    /** Creates a slice of nothing; {@link #init} points it at bytes. */
    public RecycledSlice() {
        this(null);
    }

    /**
     * Creates a slice of nothing that runs {@code onFreed} (on the releasing thread) after each last
     * release, once it has given its parent's reference back; {@link #init} points it at bytes.
     */
    public RecycledSlice(Runnable onFreed) {
        super(0);
        this.onFreed = onFreed;
    }

    /** A new slice of {@code parent}'s bytes {@code [index, index + length)} (see {@link #init}). */
    public static RecycledSlice newInstance(ByteBuf parent, int index, int length) {
        return new RecycledSlice().init(parent, index, length);
    }

    /**
     * Points this slice at {@code parent}'s bytes {@code [index, index + length)}: reader index 0, writer
     * index {@code length}, reference count 1, holding one new reference to {@code parent}. Only a new
     * slice, or one whose last release has happened, may be initialised.
     */
    public RecycledSlice init(ByteBuf parent, int index, int length) {
        if (this.parent != null) {
            throw new IllegalStateException("slice still in use (refCnt " + refCnt() + ")");
        }
        checkNotNull(parent, "parent").retain(); // first: throws if the parent was already released
        if (index < 0 || length < 0 || index > parent.capacity() - length) {
            parent.release();
            throw new IndexOutOfBoundsException("slice [" + index + ", " + index + " + " + length
                    + ") of a buffer of capacity " + parent.capacity());
        }
        this.parent = parent;
        this.adjustment = index;
        maxCapacity(length);
        setIndex(0, 0).markReaderIndex().markWriterIndex();
        writerIndex(length);
        resetRefCnt();
        return this;
    }

    /**
     * Narrows this slice, while in use, to its own bytes {@code [index, index + length)}: reader index 0,
     * writer index {@code length}, as {@link #init} leaves a new slice. Its reference count and its
     * reference to the parent do not change, and no object is made; buffers derived from it before see the
     * narrowed bytes from then on. For an owner that alone holds the slice and wants a part of it (the
     * router's call arguments).
     *
     * @throws IllegalReferenceCountException when the slice has been freed
     * @throws IndexOutOfBoundsException when the range is not inside this slice
     */
    public RecycledSlice narrow(int index, int length) {
        parent();
        int capacity = capacity();
        if (index < 0 || length < 0 || index > capacity - length) {
            throw new IndexOutOfBoundsException("narrow to [" + index + ", " + index + " + " + length
                    + ") of a slice of capacity " + capacity);
        }
        adjustment += index;
        setIndex(0, 0);
        maxCapacity(length);
        markReaderIndex().markWriterIndex();
        writerIndex(length);
        return this;
    }

    @Override
    protected void deallocate() {
        ByteBuf p = parent;
        parent = null;
        try {
            p.release();
        } finally {
            if (onFreed != null) {
                onFreed.run();
            }
        }
    }

    private ByteBuf parent() {
        ByteBuf p = parent;
        if (p == null) {
            throw new IllegalReferenceCountException(0);
        }
        return p;
    }

    private int idx(int index) {
        return index + adjustment;
    }

    @Override
    public int capacity() {
        return maxCapacity();
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        throw new UnsupportedOperationException("sliced buffer");
    }

    @Override
    public ByteBufAllocator alloc() {
        return parent().alloc();
    }

    @Override
    @Deprecated
    public ByteOrder order() {
        return parent().order();
    }

    @Override
    public ByteBuf unwrap() {
        return parent;
    }

    @Override
    public boolean isDirect() {
        return parent().isDirect();
    }

    @Override
    public boolean isReadOnly() {
        return parent().isReadOnly();
    }

    @Override
    public boolean isContiguous() {
        return parent().isContiguous();
    }

    @Override
    public boolean hasArray() {
        return parent().hasArray();
    }

    @Override
    public byte[] array() {
        return parent().array();
    }

    @Override
    public int arrayOffset() {
        return idx(parent().arrayOffset());
    }

    @Override
    public boolean hasMemoryAddress() {
        return parent().hasMemoryAddress();
    }

    @Override
    public long memoryAddress() {
        return parent().memoryAddress() + adjustment;
    }

    @Override
    protected byte _getByte(int index) {
        return parent.getByte(idx(index));
    }

    @Override
    protected short _getShort(int index) {
        return parent.getShort(idx(index));
    }

    @Override
    protected short _getShortLE(int index) {
        return parent.getShortLE(idx(index));
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        return parent.getUnsignedMedium(idx(index));
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        return parent.getUnsignedMediumLE(idx(index));
    }

    @Override
    protected int _getInt(int index) {
        return parent.getInt(idx(index));
    }

    @Override
    protected int _getIntLE(int index) {
        return parent.getIntLE(idx(index));
    }

    @Override
    protected long _getLong(int index) {
        return parent.getLong(idx(index));
    }

    @Override
    protected long _getLongLE(int index) {
        return parent.getLongLE(idx(index));
    }

    @Override
    protected void _setByte(int index, int value) {
        parent.setByte(idx(index), value);
    }

    @Override
    protected void _setShort(int index, int value) {
        parent.setShort(idx(index), value);
    }

    @Override
    protected void _setShortLE(int index, int value) {
        parent.setShortLE(idx(index), value);
    }

    @Override
    protected void _setMedium(int index, int value) {
        parent.setMedium(idx(index), value);
    }

    @Override
    protected void _setMediumLE(int index, int value) {
        parent.setMediumLE(idx(index), value);
    }

    @Override
    protected void _setInt(int index, int value) {
        parent.setInt(idx(index), value);
    }

    @Override
    protected void _setIntLE(int index, int value) {
        parent.setIntLE(idx(index), value);
    }

    @Override
    protected void _setLong(int index, long value) {
        parent.setLong(idx(index), value);
    }

    @Override
    protected void _setLongLE(int index, long value) {
        parent.setLongLE(idx(index), value);
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
        checkIndex(index, length);
        parent().getBytes(idx(index), dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
        checkIndex(index, length);
        parent().getBytes(idx(index), dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        checkIndex(index, dst.remaining());
        parent().getBytes(idx(index), dst);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int length) throws IOException {
        checkIndex(index, length);
        parent().getBytes(idx(index), out, length);
        return this;
    }

    @Override
    public int getBytes(int index, GatheringByteChannel out, int length) throws IOException {
        checkIndex(index, length);
        return parent().getBytes(idx(index), out, length);
    }

    @Override
    public int getBytes(int index, FileChannel out, long position, int length) throws IOException {
        checkIndex(index, length);
        return parent().getBytes(idx(index), out, position, length);
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int length) {
        checkIndex(index, length);
        parent().setBytes(idx(index), src, srcIndex, length);
        return this;
    }

    @Override
    public ByteBuf setBytes(int index, byte[] src, int srcIndex, int length) {
        checkIndex(index, length);
        parent().setBytes(idx(index), src, srcIndex, length);
        return this;
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer src) {
        checkIndex(index, src.remaining());
        parent().setBytes(idx(index), src);
        return this;
    }

    @Override
    public int setBytes(int index, InputStream in, int length) throws IOException {
        checkIndex(index, length);
        return parent().setBytes(idx(index), in, length);
    }

    @Override
    public int setBytes(int index, ScatteringByteChannel in, int length) throws IOException {
        checkIndex(index, length);
        return parent().setBytes(idx(index), in, length);
    }

    @Override
    public int setBytes(int index, FileChannel in, long position, int length) throws IOException {
        checkIndex(index, length);
        return parent().setBytes(idx(index), in, position, length);
    }

    @Override
    public ByteBuf copy(int index, int length) {
        checkIndex(index, length);
        return parent().copy(idx(index), length);
    }

    @Override
    public int nioBufferCount() {
        return parent().nioBufferCount();
    }

    @Override
    public ByteBuffer nioBuffer(int index, int length) {
        checkIndex(index, length);
        return parent().nioBuffer(idx(index), length);
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        checkIndex(index, length);
        return parent().nioBuffers(idx(index), length);
    }

    @Override
    public ByteBuffer internalNioBuffer(int index, int length) {
        return nioBuffer(index, length);
    }
}
