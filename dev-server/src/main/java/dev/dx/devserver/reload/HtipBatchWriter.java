package dev.dx.devserver.reload;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.codec.hbtp.HbtpHeader;
import dev.dx.codec.hbtp.HbtpOpcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;

/**
 * Lays patches out as the body of one HtipBatch frame (opcode 0x24): complete HBTP frames end to end,
 * each with sequence 0 and no flags (see {@code docs/dev-server.md}). All integers little-endian.
 *
 * <pre>
 * HtipPatchText (0x21), text "Hi" for node 0x00000201 (element 2, k = 1):
 * +-------------------------+-------------+-------+
 * | 21 00 00 00 06 00 00 00 | 01 02 00 00 | 48 69 |
 * |  header, length 6       |  node id    | text  |
 * +-------------------------+-------------+-------+
 * HtipPatchAttr (0x22), class="b" on element 3 (node 0x00000300):
 * +-------------------------+-------------+-------+----------------+-------+
 * | 22 00 00 00 0c 00 00 00 | 00 03 00 00 | 05 00 | 63 6c 61 73 73 | 62    |
 * |  header, length 12      |  node id    | u16   | name "class"   | value |
 * +-------------------------+-------------+-------+----------------+-------+
 * </pre>
 *
 * <p>The codec of {@code codec-hbtp} sends such a frame as it sends any other (its encoder takes every
 * opcode; its decoder passes a 0x24 frame on whole, without unpacking it as it does a §12 Batch).
 */
public final class HtipBatchWriter {

    private HtipBatchWriter() {
    }

    /** The HtipBatch body for {@code patches}: their frames end to end, as a new array. */
    public static byte[] body(List<HtmlPatch> patches) {
        checkNotNull(patches, "patches");
        long size = 0;
        for (HtmlPatch p : patches) {
            size += encodedSize(p);
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("patches : " + size + " bytes (expected: fewer than 2^31)");
        }
        byte[] out = new byte[(int) size];
        ByteBuf buf = Unpooled.wrappedBuffer(out).writerIndex(0); // an unpooled view of out: nothing to free
        for (HtmlPatch p : patches) {
            write(buf, p);
        }
        return out;
    }

    /** The bytes {@code patch} takes in a batch: its 8-byte header and its body. */
    public static long encodedSize(HtmlPatch patch) {
        if (patch instanceof HtmlPatch.Text) {
            return HbtpHeader.SIZE + 4L + utf8Length(((HtmlPatch.Text) patch).text());
        }
        HtmlPatch.Attr a = (HtmlPatch.Attr) patch;
        return HbtpHeader.SIZE + 6L + utf8Length(a.name()) + utf8Length(a.value());
    }

    static int utf8Length(String s) {
        return ByteBufUtil.utf8Bytes(s);
    }

    private static void write(ByteBuf buf, HtmlPatch patch) {
        if (patch instanceof HtmlPatch.Text) {
            HtmlPatch.Text t = (HtmlPatch.Text) patch;
            HbtpHeader.write(buf, HbtpOpcode.HTIP_PATCH_TEXT.code(), 0, 0, 4L + utf8Length(t.text()));
            buf.writeIntLE(t.nodeId());
            writeUtf8(buf, t.text());
            return;
        }
        HtmlPatch.Attr a = (HtmlPatch.Attr) patch;
        int name = utf8Length(a.name());
        if (name > HtmlDiff.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name : " + name + " bytes (expected: at most "
                    + HtmlDiff.MAX_NAME_BYTES + ")");
        }
        HbtpHeader.write(buf, HbtpOpcode.HTIP_PATCH_ATTR.code(), 0, 0, 6L + name + utf8Length(a.value()));
        buf.writeIntLE(a.nodeId()).writeShortLE(name);
        writeUtf8(buf, a.name());
        writeUtf8(buf, a.value());
    }

    /** Writes {@code s} reserving exactly its UTF-8 length (the buffer's capacity is exact). */
    private static void writeUtf8(ByteBuf buf, String s) {
        ByteBufUtil.reserveAndWriteUtf8(buf, s, utf8Length(s));
    }
}
