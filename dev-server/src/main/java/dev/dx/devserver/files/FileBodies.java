package dev.dx.devserver.files;

import io.netty.channel.Channel;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * How a file's bytes leave: as a {@link DefaultFileRegion}, which the kernel copies from the page cache
 * to the socket ({@code sendfile}, or {@code splice} on io_uring), when the channel is one of Netty's
 * socket channels that take file regions (NIO, epoll, io_uring, kqueue) and no {@link SslHandler} has
 * to encrypt the bytes in user space; otherwise as a {@link ChunkedNioFile}, read in 8 KiB chunks by a
 * {@code ChunkedWriteHandler} in the pipeline.
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
