package dev.dx.devserver.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records each push as one line ("css /a.css", "patch /p.html 21000000..."); says one page was told. */
final class RecordingUpdates implements PageUpdates {

    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @Override
    public int css(String path) {
        lines.add("css " + path);
        return 1;
    }

    @Override
    public int reloadAll(String reason) {
        lines.add("reloadAll " + reason);
        return 1;
    }

    @Override
    public int reload(String page, String reason) {
        lines.add("reload " + page + " " + reason);
        return 1;
    }

    @Override
    public int patch(String page, List<HtmlPatch> patches) {
        lines.add("patch " + page + " " + HexFormat.of().formatHex(HtipBatchWriter.body(patches)));
        return 1;
    }

    /** The next line, waiting up to 20 s for it. */
    String next() throws InterruptedException {
        String line = lines.poll(20, TimeUnit.SECONDS);
        assertThat(line).as("a push within 20 s").isNotNull();
        return line;
    }
}
