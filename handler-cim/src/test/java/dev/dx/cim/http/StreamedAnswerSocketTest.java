package dev.dx.cim.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dx.testing.RawHttpClient;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed answers over real sockets on a {@code DxReactor}: a file as a {@code DefaultFileRegion} and as
 * a {@code ChunkedNioFile} (through a {@code ChunkedWriteHandler}) arrive intact, framed by
 * {@code content-length}, and the connection carries the next request after them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamedAnswerSocketTest {

    @TempDir
    static Path dir;
    private static byte[] content;
    private static Path file;
    private static HttpTestServer server;

    @BeforeAll
    static void start() throws Exception {
        content = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(content);
        file = Files.write(dir.resolve("big.bin"), content);
        CimHttpRouter router = CimHttpRouter.builder()
                .get("/region", x -> {
                    FileChannel fc = FileChannel.open(file, StandardOpenOption.READ);
                    x.respond(head(), new DefaultFileRegion(fc, 0, fc.size()));
                })
                .get("/chunked", x -> x.respond(head(), new ChunkedNioFile(FileChannel.open(file, StandardOpenOption.READ))))
                .get("/hello", x -> CimHttpHandlerSocketTest.text(x, "hello"))
                .build();
        server = HttpTestServer.start(() -> new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ChunkedWriteHandler(), new CimHttpHandler(router));
            }
        });
    }

    private static HttpResponse head() {
        HttpResponse h = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        h.headers().set("content-type", "application/octet-stream");
        return h;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFileRegionArrivesIntactAndTheConnectionGoesOn() throws Exception {
        try (RawHttpClient c = server.connect()) {
            for (int i = 0; i < 2; i++) {
                RawHttpClient.Response r = c.get("/region").read();
                assertThat(r.status).isEqualTo(200);
                assertThat(r.header("content-length")).isEqualTo(String.valueOf(content.length));
                assertThat(r.body).isEqualTo(content);
            }
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void aChunkedInputArrivesIntactAndTheConnectionGoesOn() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.get("/chunked").read();
            assertThat(r.status).isEqualTo(200);
            assertThat(r.header("content-length")).isEqualTo(String.valueOf(content.length));
            assertThat(r.header("transfer-encoding")).isNull();
            assertThat(r.body).isEqualTo(content);
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }

    @Test
    void headOfAStreamedAnswerHasTheLengthAndNoBody() throws Exception {
        try (RawHttpClient c = server.connect()) {
            RawHttpClient.Response r = c.send("HEAD /region HTTP/1.1\r\nHost: x\r\n\r\n").read(true);
            assertThat(r.status).isEqualTo(200);
            assertThat(r.header("content-length")).isEqualTo(String.valueOf(content.length));
            // a body sent after the HEAD answer would be read here instead of the next answer
            assertThat(c.get("/hello").read().text()).isEqualTo("hello");
        }
    }
}
