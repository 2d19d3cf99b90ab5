package dev.dx.codec.hbtp.stream;

import static dev.dx.common.Checks.checkInRange;
import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpFlags;
import dev.dx.codec.hbtp.HbtpFrame;
import dev.dx.codec.hbtp.HbtpMetadata;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.stream.ChunkedInput;

/**
 * Sends one HBTP stream (spec §7): RpcStreamStart (route u16 ‖ arguments), one RpcStreamChunk per chunk
 * of {@code source}, then RpcStreamEnd with FINAL, all with one sequence. A {@link ChunkedInput}: write
 * it to a pipeline that has a {@code ChunkedWriteHandler} between the HBTP codec and the writer, which
 * reads the next chunk only while the channel is writable, so a slow peer never makes the sender queue
 * the whole stream.
 *
 * <pre>
 * p.addLast("hbtp", new HbtpClientCodec(config));
 * p.addLast("chunked", new ChunkedWriteHandler());
 * ...
 * ch.writeAndFlush(new HbtpStreamInput(seq, route, args, new ChunkedNioFile(file)));
 * </pre>
 *
 * <p>Owns {@code arguments} and {@code source}; both are released or closed when the input is closed.
 * {@link #stop()} ends it early, from any thread: no further chunk and no RpcStreamEnd are sent (what a
 * cancelled or answered stream needs, §11.2). {@code HbtpClient.upload} builds one for you.
 */
public final class HbtpStreamInput implements ChunkedInput<HbtpFrame> {

    private final int sequence;
    private final int route;
    private final HbtpMetadata metadata;
    private ByteBuf arguments;
    private volatile boolean stopped;
    private final ChunkedInput<ByteBuf> source;
    private boolean started;
    private boolean ended;
    private long progress;

    /** Creates a stream of {@code source}'s chunks under {@code sequence}, opened on {@code route}. */
    public HbtpStreamInput(int sequence, int route, ByteBuf arguments, ChunkedInput<ByteBuf> source) {
        this(sequence, route, HbtpMetadata.EMPTY, arguments, source);
    }

    /**
     * Creates a stream whose RpcStreamStart carries {@code metadata} (§11.1; for example
     * {@code hbtp-timeout}), which needs an HBTP/1.1 peer when not empty.
     */
    public HbtpStreamInput(int sequence, int route, HbtpMetadata metadata, ByteBuf arguments,
                           ChunkedInput<ByteBuf> source) {
        this.sequence = checkInRange(sequence, 0, 0xFFFF, "sequence");
        this.route = checkInRange(route, 0, 0xFFFF, "route");
        this.metadata = checkNotNull(metadata, "metadata");
        this.arguments = checkNotNull(arguments, "arguments");
        this.source = checkNotNull(source, "source");
    }

    /**
     * Ends the stream where it stands, from any thread: the next read sends nothing more (neither chunks
     * nor RpcStreamEnd), and the writer then closes this input.
     */
    public void stop() {
        stopped = true;
    }

    @Override
    public boolean isEndOfInput() {
        return ended || stopped && started;
    }

    @Override
    public void close() throws Exception {
        if (arguments != null) {
            arguments.release();
            arguments = null;
        }
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
        if (!started) {
            started = true;
            if (stopped) {
                ended = true; // stopped before anything went out: send nothing at all
                return null;
            }
            ByteBuf args = arguments;
            arguments = null;
            return HbtpFrame.rpcStreamStart(alloc, sequence, route, metadata, args);
        }
        if (stopped) {
            ended = true;
            return null;
        }
        if (source.isEndOfInput()) {
            ended = true;
            return new HbtpFrame(HbtpOpcode.RPC_STREAM_END, HbtpFlags.FINAL, sequence, Unpooled.EMPTY_BUFFER);
        }
        ByteBuf chunk = source.readChunk(alloc);
        if (chunk == null) {
            return null; // the source is not ready; ChunkedWriteHandler asks again
        }
        progress += chunk.readableBytes();
        return new HbtpFrame(HbtpOpcode.RPC_STREAM_CHUNK, 0, sequence, chunk);
    }

    @Override
    public long length() {
        return -1;
    }

    @Override
    public long progress() {
        return progress;
    }
}
