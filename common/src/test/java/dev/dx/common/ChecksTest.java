package dev.dx.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void returnsAcceptedValues() {
        assertThat(Checks.checkPositive(3, "workers")).isEqualTo(3);
        assertThat(Checks.checkPositive(3L, "bytes")).isEqualTo(3L);
        assertThat(Checks.checkPositiveOrZero(0, "threshold")).isZero();
        assertThat(Checks.checkPositiveOrZero(0L, "threshold")).isZero();
        assertThat(Checks.checkInRange(22, 1, 22, "level")).isEqualTo(22);
        assertThat(Checks.checkInRange(5L, 5L, 6L, "n")).isEqualTo(5L);
        assertThat(Checks.checkPowerOfTwo(4096, "ringSize")).isEqualTo(4096);
        assertThat(Checks.checkNotNull("x", "name")).isEqualTo("x");
    }

    @Test
    void messagesNameTheValueAndWhatWasExpected() {
        assertThatThrownBy(() -> Checks.checkPositive(0, "workers"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("workers : 0 (expected: > 0)");
        assertThatThrownBy(() -> Checks.checkPositive(-1L, "bytes"))
                .hasMessage("bytes : -1 (expected: > 0)");
        assertThatThrownBy(() -> Checks.checkPositiveOrZero(-1, "threshold"))
                .hasMessage("threshold : -1 (expected: >= 0)");
        assertThatThrownBy(() -> Checks.checkPositiveOrZero(-2L, "threshold"))
                .hasMessage("threshold : -2 (expected: >= 0)");
        assertThatThrownBy(() -> Checks.checkInRange(23, 1, 22, "level"))
                .hasMessage("level : 23 (expected: 1-22)");
        assertThatThrownBy(() -> Checks.checkInRange(7L, 5L, 6L, "n"))
                .hasMessage("n : 7 (expected: 5-6)");
        assertThatThrownBy(() -> Checks.checkPowerOfTwo(1000, "ringSize"))
                .hasMessage("ringSize : 1000 (expected: a power of two)");
        assertThatThrownBy(() -> Checks.checkPowerOfTwo(0, "ringSize"))
                .hasMessage("ringSize : 0 (expected: a power of two)");
        assertThatThrownBy(() -> Checks.checkNotNull(null, "initializer"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("initializer");
    }
}
