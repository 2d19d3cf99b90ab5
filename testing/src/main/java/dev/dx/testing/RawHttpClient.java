package dev.dx.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A blocking HTTP/1.x client over one socket that sends exactly the bytes a test writes and parses
 * answers one at a time, so tests control pipelining, {@code Expect}, HTTP/1.0 and HEAD, and paths reach
 * the server as written (no normalisation: traversal attempts arrive as sent).
 */
public final class RawHttpClient implements AutoCloseable {

    /** One parsed answer. */
    public static final class Response {
        public final String version;
        public final int status;
        public final Map<String, List<String>> headers;
        public final byte[] body;

        Response(String version, int status, Map<String, List<String>> headers, byte[] body) {
            this.version = version;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        /** The first value of header {@code name} (any case), or {@code null}. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        /** Every value of header {@code name}. */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The body as UTF-8. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return version + ' ' + status + ' ' + headers + ' ' + text();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends {@code text} (ISO-8859-1, CRLFs written by the caller). */
    public RawHttpClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** Sends a GET for {@code path} with HTTP/1.1 and no extra headers. */
    public RawHttpClient get(String path) throws IOException {
        return send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    /** Reads one answer with a body framed by {@code content-length} (or none). */
    public Response read() throws IOException {
        return read(false);
    }

    /** Reads one answer; {@code head} answers have no body whatever their {@code content-length}. */
    public Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String l;
        while ((l = line()) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        int status = Integer.parseInt(parts[1]);
        byte[] body = new byte[0];
        List<String> length = headers.get("content-length");
        if (!head && status >= 200 && status != 204 && status != 304 && length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        }
        return new Response(parts[0], status, headers, body);
    }

    /** Whether the server closed the connection: the next read sees end of stream. */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
