package dev.dx.bench.hbtp;

import dev.dx.bench.load.Protocol;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 keep-alive POST of {@code size} bytes to {@code /echo}; the response carries the same bytes
 * with a {@code content-length} header. Only that header is parsed.
 */
final class HttpEchoProtocol implements Protocol {

    private final byte[] head;
    private final int size;

    HttpEchoProtocol(int size) {
        this.size = size;
        this.head = ("POST /echo HTTP/1.1\r\nhost: bench\r\ncontent-type: application/octet-stream\r\n"
                + "content-length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void writeRequest(ByteBuf out) {
        out.writeBytes(head);
        out.writeZero(size);
    }

    @Override
    public int completeResponseLength(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int headerEnd = -1;
        for (int i = start; i + 3 < end; i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                headerEnd = i + 4;
                break;
            }
        }
        if (headerEnd < 0) {
            return 0;
        }
        int length = contentLength(in, start, headerEnd);
        int total = headerEnd - start + length;
        return in.readableBytes() >= total ? total : 0;
    }

    private static int contentLength(ByteBuf in, int from, int to) {
        String headers = in.toString(from, to - from, StandardCharsets.US_ASCII).toLowerCase();
        int i = headers.indexOf("content-length:");
        if (i < 0) {
            return 0;
        }
        int j = headers.indexOf('\r', i);
        return Integer.parseInt(headers.substring(i + 15, j).trim());
    }
}
