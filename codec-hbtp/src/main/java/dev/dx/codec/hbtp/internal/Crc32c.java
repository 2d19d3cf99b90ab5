package dev.dx.codec.hbtp.internal;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C (Castagnoli) of buffer regions, with one reusable {@link CRC32C} (one per channel). */
public final class Crc32c {

    private final CRC32C crc = new CRC32C();

    /** Returns the CRC32C of {@code length} bytes of {@code buf} from {@code index}, as an unsigned int. */
    public long compute(ByteBuf buf, int index, int length) {
        crc.reset();
        if (length > 0) {
            if (buf.hasArray()) {
                crc.update(buf.array(), buf.arrayOffset() + index, length);
            } else if (buf.nioBufferCount() == 1) {
                crc.update(buf.nioBuffer(index, length));
            } else {
                for (ByteBuffer b : buf.nioBuffers(index, length)) {
                    crc.update(b);
                }
            }
        }
        return crc.getValue();
    }
}
