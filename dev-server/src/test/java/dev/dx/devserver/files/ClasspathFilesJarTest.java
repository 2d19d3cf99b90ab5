package dev.dx.devserver.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dx.cim.http.CimHttpHandler;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ClasspathFiles} reading from a jar, as it does in the packaged dev server (directory entries
 * are not files), on an {@link EmbeddedChannel} with pooled requests; and the checks of
 * {@link StaticFiles}' constructor.
 */
class ClasspathFilesJarTest {

    @TempDir
    Path dir;

    private static FullHttpResponse get(EmbeddedChannel ch, String path) {
        ch.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
                PooledByteBufAllocator.DEFAULT.directBuffer(0)));
        ch.runPendingTasks();
        return ch.readOutbound();
    }

    private static int status(EmbeddedChannel ch, String path) {
        FullHttpResponse r = get(ch, path);
        try {
            return r.status().code();
        } finally {
            r.release();
        }
    }

    @Test
    void servesFilesFromAJarAndNotItsDirectories() throws Exception {
        Path jar = dir.resolve("runtime.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("rt/"));
            out.putNextEntry(new JarEntry("rt/runtime.js"));
            out.write("export default 1;\n".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("rt/lib/"));
            out.putNextEntry(new JarEntry("rt/lib/x.json"));
            out.write("{}".getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            EmbeddedChannel ch = new EmbeddedChannel(new CimHttpHandler(new ClasspathFiles("/_dx/", "rt/", loader)));
            FullHttpResponse r = get(ch, "/_dx/runtime.js");
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("export default 1;\n");
            assertThat(r.headers().get("content-type")).isEqualTo("text/javascript; charset=utf-8");
            r.release();
            r = get(ch, "/_dx/lib/x.json");
            assertThat(r.content().toString(StandardCharsets.UTF_8)).isEqualTo("{}");
            r.release();
            assertThat(status(ch, "/_dx/lib")).isEqualTo(404);
            assertThat(status(ch, "/_dx/lib/")).isEqualTo(404);
            assertThat(status(ch, "/_dx/nothing.js")).isEqualTo(404);
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void staticFilesNeedsAnExistingDirectory() throws Exception {
        Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertThatThrownBy(() -> new StaticFiles(file, HtmlRewriter.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: a directory");
        assertThatThrownBy(() -> new StaticFiles(dir.resolve("missing"), HtmlRewriter.NONE))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("expected: an existing directory");
        assertThatThrownBy(() -> new StaticFiles(dir, null)).isInstanceOf(NullPointerException.class);
        try (OutputStream ignored = Files.newOutputStream(dir.resolve("ok"))) {
            assertThat(new StaticFiles(dir, HtmlRewriter.NONE)).isNotNull();
        }
    }
}
