package dev.dx.reactor.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PinningCpuListTest {

    @Test
    void parsesLinuxCpuLists() {
        assertThat(Pinning.parseCpuList("0-3,8,10-11\n")).containsExactly(0, 1, 2, 3, 8, 10, 11);
        assertThat(Pinning.parseCpuList(" 1 ")).containsExactly(1);
        assertThat(Pinning.parseCpuList("")).isEmpty();
    }

    @Test
    void allowedCpusIsNeverEmpty() {
        assertThat(Pinning.allowedCpus()).isNotEmpty();
    }

    @Test
    void counterAddsAndReads() {
        Counter c = new Counter();
        c.increment();
        c.add(41);
        assertThat(c.get()).isEqualTo(42);
    }
}
