package dev.dx.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test client against a scripted server: what it sends arrives as written, answers parse one at a time. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RawHttpClientTest {

    /** Accepts one connection, reads until the blank line ending the request head, writes {@code answer}, and closes. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) {
                        break;
                    }
                    request.write(c);
                }
                OutputStream out = s.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return request.toString(StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, r -> new Thread(r, "raw-http-test-server").start());
    }

    @Test
    void sendsAsWrittenAndParsesAnswersOneAtATime() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = serveOnce(server,
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\nhello"
                            + "HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n"
                            + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
            try (RawHttpClient c = new RawHttpClient(server.getLocalPort())) {
                c.get("/../a%2e%2e");
                RawHttpClient.Response first = c.read();
                assertThat(first.version).isEqualTo("HTTP/1.1");
                assertThat(first.status).isEqualTo(200);
                assertThat(first.text()).isEqualTo("hello");
                assertThat(first.headers("X-A")).containsExactly("1", "2");
                assertThat(first.header("content-length")).isEqualTo("5");
                assertThat(first.header("missing")).isNull();
                assertThat(first.toString()).contains("200", "hello");
                assertThat(c.read().body).as("204 has no body").isEmpty();
                assertThat(c.read(true).body).as("a HEAD answer has no body").isEmpty();
                assertThat(c.closedByServer()).isTrue();
                assertThatThrownBy(c::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
            }
            assertThat(request.get(10, TimeUnit.SECONDS)).isEqualTo("GET /../a%2e%2e HTTP/1.1\r\nHost: localhost\r\n\r\n");
        }
    }
}
