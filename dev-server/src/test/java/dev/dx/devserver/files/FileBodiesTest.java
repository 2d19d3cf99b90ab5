package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.cim.http.CimHttpHandler;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileBodies}: when a file goes zero-copy, and the bodies it opens. */
class FileBodiesTest {

    @TempDir
    Path dir;

    @Test
    void zeroCopyOnNettySocketChannelsWithoutTls() throws Exception {
        NioSocketChannel nio = new NioSocketChannel();
        try {
            assertThat(FileBodies.zeroCopy(nio)).isTrue();
            SslContext tls = SslContextBuilder.forClient().build();
            nio.pipeline().addLast(tls.newHandler(nio.alloc()));
            assertThat(FileBodies.zeroCopy(nio)).as("TLS encrypts in user space").isFalse();
        } finally {
            nio.unsafe().closeForcibly();
        }
        EmbeddedChannel embedded = new EmbeddedChannel();
        assertThat(FileBodies.zeroCopy(embedded)).isFalse();
        embedded.finishAndReleaseAll();
    }

    @Test
    void bodiesCoverTheAskedRange() throws Exception {
        Path f = Files.writeString(dir.resolve("f.txt"), "0123456789");
        var region = FileBodies.region(f, 2, 5);
        assertThat(region.position()).isEqualTo(2);
        assertThat(region.count()).isEqualTo(5);
        assertThat(region.release()).isTrue();
        var chunks = FileBodies.chunks(f, 3, 4);
        assertThat(chunks.length()).isEqualTo(4);
        assertThat(chunks.startOffset()).isEqualTo(3);
        chunks.close();
        assertThatThrownBy(() -> FileBodies.region(dir.resolve("none"), 0, 1)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> FileBodies.chunks(dir.resolve("none"), 0, 1)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aChunkedWriterCountsOnlyNearerTheHeadThanTheHttpHandler() throws Exception {
        EmbeddedChannel before = new EmbeddedChannel(new ChunkedWriteHandler(), new CimHttpHandler(x -> { }));
        assertThat(FileBodies.chunkedWritable(before)).isTrue();
        EmbeddedChannel after = new EmbeddedChannel(new CimHttpHandler(x -> { }), new ChunkedWriteHandler());
        assertThat(FileBodies.chunkedWritable(after)).isFalse();
        EmbeddedChannel none = new EmbeddedChannel();
        assertThat(FileBodies.chunkedWritable(none)).isFalse();
        Path f = Files.writeString(dir.resolve("r.txt"), "0123456789");
        ByteBuf b = FileBodies.read(PooledByteBufAllocator.DEFAULT, f, 3, 4);
        assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("3456");
        b.release();
        assertThatThrownBy(() -> FileBodies.read(PooledByteBufAllocator.DEFAULT, f, 8, 4)).isInstanceOf(EOFException.class);
        assertThat(before.finishAndReleaseAll()).isFalse();
        assertThat(after.finishAndReleaseAll()).isFalse();
        assertThat(none.finishAndReleaseAll()).isFalse();
    }
}
