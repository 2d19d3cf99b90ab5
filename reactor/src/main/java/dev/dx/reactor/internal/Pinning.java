package dev.dx.reactor.internal;

import net.openhft.affinity.Affinity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * CPU pinning through {@code net.openhft:affinity}'s {@link Affinity#setAffinity(int)} (not
 * {@code AffinityLock}, which reserves cpu 0 for the OS). A failure is logged as a warning and
 * reported as "not pinned"; it never stops the reactor.
 */
public final class Pinning {

    private static final System.Logger LOG = System.getLogger("dev.dx.reactor");
    private static final boolean LINUX = System.getProperty("os.name", "")
            .toLowerCase(Locale.ROOT).startsWith("linux");
    private static final boolean WINDOWS = System.getProperty("os.name", "")
            .toLowerCase(Locale.ROOT).startsWith("windows");

    private Pinning() {
    }

    /** Whether this OS lets a thread be pinned to one CPU (Linux and Windows). */
    public static boolean isSupported() {
        return LINUX || WINDOWS;
    }

    /**
     * The CPUs this process may run on, in ascending order: {@code Cpus_allowed_list} of
     * {@code /proc/self/status} on Linux (so {@code taskset -c 1 java ...} gives {@code [1]}), else
     * {@code 0 .. availableProcessors - 1}.
     */
    public static List<Integer> allowedCpus() {
        if (LINUX) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Cpus_allowed_list:")) {
                        List<Integer> cpus = parseCpuList(line.substring(line.indexOf(':') + 1));
                        if (!cpus.isEmpty()) {
                            return cpus;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot read /proc/self/status", e);
            }
        }
        List<Integer> cpus = new ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
            cpus.add(i);
        }
        return cpus;
    }

    /** Parses a Linux CPU list such as {@code 0-3,8,10-11}. */
    public static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            if (dash < 0) {
                cpus.add(Integer.parseInt(p));
            } else {
                int from = Integer.parseInt(p.substring(0, dash).trim());
                int to = Integer.parseInt(p.substring(dash + 1).trim());
                for (int c = from; c <= to; c++) {
                    cpus.add(c);
                }
            }
        }
        return cpus;
    }

    /** Pins the calling thread to {@code cpu}; returns whether the OS now reports exactly that CPU. */
    static boolean pin(int cpu) {
        try {
            Affinity.setAffinity(cpu);
            BitSet now = Affinity.getAffinity();
            if (now.cardinality() == 1 && now.get(cpu)) {
                return true;
            }
            LOG.log(System.Logger.Level.WARNING, "pinning " + Thread.currentThread().getName()
                    + " to cpu " + cpu + " did not take effect (affinity is " + now + ")");
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "cannot pin " + Thread.currentThread().getName()
                    + " to cpu " + cpu + ": " + t);
        }
        return false;
    }

    /** The OS id of the calling thread ({@code /proc/thread-self} on Linux), or -1 if unknown. */
    static int osThreadId() {
        if (LINUX) {
            try {
                Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
                return Integer.parseInt(self.getFileName().toString());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot read /proc/thread-self", e);
            }
        }
        return -1;
    }
}
