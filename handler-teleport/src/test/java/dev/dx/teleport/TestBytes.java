package dev.dx.teleport;

import dev.dx.testing.GoldenVectors;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;

/** Hex vectors from dx-testing's golden folder ({@code teleport/}): hex pairs, whitespace, {@code #} comments. */
final class TestBytes {

    /** §5's User as a layout, as the processor would generate it. */
    static final TeleportLayout USER = TeleportLayout.of(
            "struct User{id:i64@0,name:string@8,age:i8@16,active:bool@17}#24:8", 24, 8);

    private TestBytes() {
    }

    static byte[] vector(String name) {
        return GoldenVectors.hex("teleport/" + name); // dx-testing's golden folder, digest-checked
    }

    static byte[] hex(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String data = (hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", "");
            for (int i = 0; i < data.length(); i += 2) {
                out.write(Integer.parseInt(data.substring(i, i + 2), 16));
            }
        }
        return out.toByteArray();
    }

    static byte[] bytes(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), bytes);
        return bytes;
    }

    /** Writes §5's User the way generated code does. */
    static void writeUser(TeleportWriter w, long id, String name, byte age, boolean active) {
        int at = w.begin(USER);
        w.putLong(at, id);
        w.putString(at + 8, name);
        w.putByte(at + 16, age);
        w.putBoolean(at + 17, active);
    }
}
