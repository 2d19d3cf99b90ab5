package dev.dx.codec.hbtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spec §5 interop with an implementation no one here wrote: Debian's {@code zstd} command (installed by
 * {@code .ci/run}). Frames the encoder writes decompress with {@code zstd -d}; frames {@code zstd} writes
 * decode in the codec; a frame {@code zstd} writes without content size is refused.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HbtpZstdInteropTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void zstdPresent() {
        assumeTrue(new File("/usr/bin/zstd").canExecute() || onPath(), "the zstd command is not installed");
    }

    private static boolean onPath() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(p, "zstd").canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static byte[] run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread writer = new Thread(() -> {
            try (var out = p.getOutputStream()) {
                out.write(stdin);
            } catch (IOException ignored) {
                // the process ended early; its exit code tells
            }
        });
        writer.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        writer.join();
        assertThat(p.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }

    private static byte[] text(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; b.length() < n; i++) {
            b.append("{\"id\":").append(i).append(",\"name\":\"user-").append(i % 37).append("\"}\n");
        }
        return Arrays.copyOf(b.toString().getBytes(StandardCharsets.US_ASCII), n);
    }

    @Test
    void framesTheEncoderWritesDecompressWithZstdCommand() throws Exception {
        for (int n : new int[] {1024, 5000, 200_000}) {
            byte[] body = text(n);
            byte[] wire = HbtpTestSupport.encode(new HbtpCodecConfig(),
                    new HbtpFrame(HbtpOpcode.RPC_RESPONSE, 0, 3, HbtpTestSupport.pooled(body)), false);
            assertThat(wire[1] & HbtpFlags.COMPRESSED).isEqualTo(HbtpFlags.COMPRESSED);
            byte[] zstdFrame = Arrays.copyOfRange(wire, HbtpHeader.SIZE, wire.length);
            Path f = dir.resolve("frame-" + n + ".zst");
            Files.write(f, zstdFrame);
            byte[] out = run(new byte[0], "zstd", "-d", "-q", "-c", f.toString());
            assertThat(out).isEqualTo(body);
        }
    }

    @Test
    void framesZstdCommandWritesDecodeInTheCodec() throws Exception {
        for (String level : new String[] {"-1", "-3", "-19"}) {
            byte[] body = text(70_000);
            Path f = dir.resolve("plain" + level);
            Files.write(f, body);
            byte[] zstdFrame = run(new byte[0], "zstd", level, "-q", "-c", f.toString());
            assertThat(decode(zstdFrame, new HbtpCodecConfig())).isEqualTo(body);
        }
    }

    @Test
    void zstdCommandWithADictionaryDecodesWithTheSameDictionary() throws Exception {
        byte[] dict = text(4096);
        Path d = dir.resolve("dict");
        Files.write(d, dict);
        byte[] body = Arrays.copyOfRange(text(6000), 3000, 6000);
        Path f = dir.resolve("plain");
        Files.write(f, body);
        byte[] zstdFrame = run(new byte[0], "zstd", "-q", "-c", "-D", d.toString(), f.toString());
        assertThat(decode(zstdFrame, new HbtpCodecConfig().dictionary(dict))).isEqualTo(body);
        // and the encoder's dictionary frames decompress with the command
        byte[] wire = HbtpTestSupport.encode(new HbtpCodecConfig().dictionary(dict),
                new HbtpFrame(HbtpOpcode.BINARY_BLOB, HbtpFlags.COMPRESSED, 1, HbtpTestSupport.pooled(body)), false);
        Path z = dir.resolve("ours.zst");
        Files.write(z, Arrays.copyOfRange(wire, HbtpHeader.SIZE, wire.length));
        assertThat(run(new byte[0], "zstd", "-d", "-q", "-c", "-D", d.toString(), z.toString())).isEqualTo(body);
    }

    @Test
    void zstdCommandFrameWithoutContentSizeIsRefused() throws Exception {
        byte[] body = text(3000);
        // from a pipe with --no-content-size the frame header carries no content size
        byte[] zstdFrame = run(body, "zstd", "-q", "-c", "--no-content-size", "-");
        HbtpHostileInputTest.Events events = new HbtpHostileInputTest.Events();
        EmbeddedChannel ch = new EmbeddedChannel(new HbtpServerCodec(), new HbtpControlHandler(), events);
        ch.writeInbound(HbtpTestSupport.pooled(HbtpHostileInputTest.frame(0x31, HbtpFlags.COMPRESSED, 1, zstdFrame)));
        assertThat(events.errors).hasSize(1);
        assertThat(events.errors.get(0).errorCode()).isEqualTo(HbtpErrorCode.DECOMPRESSION_FAILED);
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    private static byte[] decode(byte[] zstdFrame, HbtpCodecConfig config) {
        byte[] wire = HbtpHostileInputTest.frame(0x31, HbtpFlags.COMPRESSED, 1, zstdFrame);
        List<HbtpFrame> frames = new ArrayList<>(HbtpTestSupport.decodeAll(wire, config, false));
        try {
            assertThat(frames).hasSize(1);
            return ByteBufUtil.getBytes(frames.get(0).content());
        } finally {
            frames.forEach(HbtpFrame::release);
        }
    }

}
