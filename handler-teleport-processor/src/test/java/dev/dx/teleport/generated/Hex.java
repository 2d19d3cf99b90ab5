package dev.dx.teleport.generated;

import dev.dx.testing.GoldenVectors;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/** Hex vectors: pairs of hex digits, whitespace ignored, {@code #} starts a comment. */
final class Hex {

    private Hex() {
    }

    static byte[] parse(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String data = (hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", "");
            if (data.length() % 2 != 0) {
                throw new IllegalArgumentException("odd number of hex digits: " + line);
            }
            for (int i = 0; i < data.length(); i += 2) {
                out.write(Integer.parseInt(data.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    static byte[] resource(String name) {
        // dx-testing's golden folder, each vector checked against its recorded SHA-256
        String path = "teleport/" + name;
        return GoldenVectors.exists(path) ? GoldenVectors.hex(path) : null;
    }

    /** Lines of 8 bytes, each with its data-section or header offset. */
    static String format(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 8) {
            StringBuilder line = new StringBuilder();
            for (int j = i; j < Math.min(i + 8, bytes.length); j++) {
                line.append(String.format("%02x ", bytes[j] & 0xff));
            }
            sb.append(String.format("%-24s# %3d%n", line, i).replace("\r", ""));
        }
        return sb.toString();
    }

    static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }
}
