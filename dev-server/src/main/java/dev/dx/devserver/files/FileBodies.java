package dev.dx.devserver.files;

import dev.dx.cim.http.CimHttpHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;

/**
 * How a file's bytes leave: as a {@link DefaultFileRegion}, which the kernel copies from the page cache
 * to the socket ({@code sendfile}, or {@code splice} on io_uring), when the channel is one of Netty's
 * socket channels that take file regions (NIO, epoll, io_uring, kqueue) and no {@link SslHandler} has
 * to encrypt the bytes in user space; otherwise as a {@link ChunkedNioFile}, read in 8 KiB chunks by a
 * {@code ChunkedWriteHandler} in the pipeline. When no {@code ChunkedWriteHandler} lies between the
 * channel's head and the {@link CimHttpHandler} (so a chunked input would reach the HTTP encoder, which
 * cannot write it), the bytes are read into one buffer instead ({@link #read}).
 */
final class FileBodies {

    /** The chunk size of {@link ChunkedNioFile} bodies. */
    static final int CHUNK_SIZE = 8192;

    private static final Set<String> ZERO_COPY_CHANNELS = Set.of(
            "io.netty.channel.socket.nio.NioSocketChannel",
            "io.netty.channel.epoll.EpollSocketChannel",
            "io.netty.channel.uring.IoUringSocketChannel",
            "io.netty.channel.kqueue.KQueueSocketChannel");

    private FileBodies() {
    }

    /** Whether a file region written to {@code channel} goes out zero-copy. */
    static boolean zeroCopy(Channel channel) {
        return ZERO_COPY_CHANNELS.contains(channel.getClass().getName())
                && channel.pipeline().get(SslHandler.class) == null;
    }

    /**
     * Whether a {@link ChunkedInput} written by the channel's {@link CimHttpHandler} passes a
     * {@link ChunkedWriteHandler} on its way out (the handler is nearer the head than the HTTP handler).
     */
    static boolean chunkedWritable(Channel channel) {
        for (Map.Entry<String, ChannelHandler> e : channel.pipeline()) {
            if (e.getValue() instanceof ChunkedWriteHandler) {
                return true;
            }
            if (e.getValue() instanceof CimHttpHandler) {
                return false;
            }
        }
        return false;
    }

    /** {@code length} bytes of {@code file} from {@code offset} in a buffer of {@code alloc}; the caller releases it. */
    static ByteBuf read(ByteBufAllocator alloc, Path file, long offset, int length) throws IOException {
        ByteBuf b = alloc.buffer(length);
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            while (b.isWritable()) {
                int n = b.writeBytes(fc, offset + b.writerIndex(), b.writableBytes());
                if (n < 0) {
                    throw new EOFException(file + " ended before " + (offset + length) + " bytes");
                }
            }
            return b;
        } catch (IOException | RuntimeException e) {
            b.release();
            throw e;
        }
    }

    /** A region of {@code length} bytes of {@code file} from {@code offset}; the caller owns the region. */
    static DefaultFileRegion region(Path file, long offset, long length) throws IOException {
        FileChannel fc = FileChannel.open(file, StandardOpenOption.READ);
        return new DefaultFileRegion(fc, offset, length);
    }

    /** A chunked input of {@code length} bytes of {@code file} from {@code offset}; the caller closes it. */
    static ChunkedNioFile chunks(Path file, long offset, long length) throws IOException {
        FileChannel fc = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ChunkedNioFile(fc, offset, length, CHUNK_SIZE);
        } catch (IOException | RuntimeException e) {
            fc.close();
            throw e;
        }
    }
}
