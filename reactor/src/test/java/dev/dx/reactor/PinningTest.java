package dev.dx.reactor;

import dev.dx.reactor.internal.Pinning;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PinningTest {

    @Test
    void eachWorkersCpuMaskReadBackFromTheOsIsItsCore() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
        List<Integer> cpus = Pinning.allowedCpus();
        assumeTrue(cpus.size() > 1, "pinning is told apart from no pinning only with 2+ CPUs; this process may use "
                + cpus);
        int workers = cpus.size() + 1; // more workers than CPUs: worker i -> cpu i mod n
        try (DxReactor reactor = DxReactor.builder().workers(workers).build().ignite()) {
            assertThat(reactor.isPinning()).isTrue();
            for (CoreState core : reactor.cores()) {
                int expected = cpus.get(core.id() % cpus.size());
                assertThat(core.cpu()).isEqualTo(expected);
                assertThat(core.isPinned()).isTrue();
                assertThat(core.osThreadId()).isPositive();
                String allowed = cpusAllowedList(core.osThreadId());
                assertThat(allowed).isEqualTo(Integer.toString(expected));
            }
        }
    }

    @Test
    void withoutPinningThreadsKeepTheProcessMask() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
        assumeTrue(Pinning.allowedCpus().size() > 1,
                "a pinned and an unpinned thread have the same mask on one CPU; this process may use "
                        + Pinning.allowedCpus());
        try (DxReactor reactor = DxReactor.builder().workers(1).pinning(false).build().ignite()) {
            CoreState core = reactor.cores().get(0);
            assertThat(core.isPinned()).isFalse();
            assertThat(core.cpu()).isEqualTo(-1);
            assertThat(Pinning.parseCpuList(cpusAllowedList(core.osThreadId()))).isEqualTo(Pinning.allowedCpus());
        }
    }

    private static String cpusAllowedList(int tid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/task/" + tid + "/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new AssertionError("no Cpus_allowed_list for thread " + tid);
    }
}
