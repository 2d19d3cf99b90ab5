package dev.dx.codec.hbtp.stream;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * Sends a file (or any byte source) as FileChunk frames (spec §4): file id u32 ‖ offset u64 ‖ data,
 * FINAL on the last chunk, all with one sequence. A {@link ChunkedInput} for {@code ChunkedWriteHandler},
 * which pulls chunks only while the channel is writable. Owns and closes {@code source}. An empty source
 * sends one empty chunk with FINAL.
 */
public final class HbtpFileChunkInput implements ChunkedInput<HbtpFrame> {

    private final int sequence;
    private final long fileId;
    private final ChunkedInput<ByteBuf> source;
    private long offset;
    private boolean ended;

    /** Creates the input; {@code startOffset} is the offset of the source's first byte in the file. */
    public HbtpFileChunkInput(int sequence, long fileId, long startOffset, ChunkedInput<ByteBuf> source) {
        this.sequence = checkInRange(sequence, 0, 0xFFFF, "sequence");
        this.fileId = checkInRange(fileId, 0, 0xFFFF_FFFFL, "fileId");
        this.offset = checkPositiveOrZero(startOffset, "startOffset");
        this.source = checkNotNull(source, "source");
    }

    @Override
    public boolean isEndOfInput() {
        return ended;
    }

    @Override
    public void close() throws Exception {
        source.close();
    }

    @Deprecated
    @Override
    public HbtpFrame readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    @Override
    public HbtpFrame readChunk(ByteBufAllocator alloc) throws Exception {
        if (ended) {
            return null;
        }
        ByteBuf data = source.isEndOfInput() ? null : source.readChunk(alloc);
        if (data == null && !source.isEndOfInput()) {
            return null;
        }
        boolean last = source.isEndOfInput();
        int n = data == null ? 0 : data.readableBytes();
        ByteBuf body = alloc.buffer(12 + n).writeIntLE((int) fileId).writeLongLE(offset);
        if (data != null) {
            body.writeBytes(data);
            data.release();
        }
        offset += n;
        if (last) {
            ended = true;
        }
        return new HbtpFrame(HbtpOpcode.FILE_CHUNK, last ? HbtpFlags.FINAL : 0, sequence, body);
    }

    @Override
    public long length() {
        return source.length();
    }

    @Override
    public long progress() {
        return source.progress();
    }
}
