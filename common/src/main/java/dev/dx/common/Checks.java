package dev.dx.common;

/**
 * Argument checks that return their argument, so a constructor or a fluent setter validates and
 * assigns in one line: {@code this.workers = Checks.checkPositive(workers, "workers");}.
 *
 * <p>Every failure message has the form {@code name : value (expected: ...)}, so a user who passes a
 * wrong value sees which setting was wrong, what they passed and what would have been accepted.
 */
public final class Checks {

    private Checks() {
    }

    /** Returns {@code value} if it is greater than zero. */
    public static int checkPositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: > 0)");
        }
        return value;
    }

    /** Returns {@code value} if it is greater than zero. */
    public static long checkPositive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: > 0)");
        }
        return value;
    }

    /** Returns {@code value} if it is zero or greater. */
    public static int checkPositiveOrZero(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: >= 0)");
        }
        return value;
    }

    /** Returns {@code value} if it is zero or greater. */
    public static long checkPositiveOrZero(long value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: >= 0)");
        }
        return value;
    }

    /** Returns {@code value} if {@code min <= value <= max}. */
    public static int checkInRange(int value, int min, int max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " : " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    /** Returns {@code value} if {@code min <= value <= max}. */
    public static long checkInRange(long value, long min, long max, String name) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " : " + value + " (expected: " + min + "-" + max + ")");
        }
        return value;
    }

    /** Returns {@code value} if it is a power of two greater than zero. */
    public static int checkPowerOfTwo(int value, String name) {
        if (value <= 0 || (value & (value - 1)) != 0) {
            throw new IllegalArgumentException(name + " : " + value + " (expected: a power of two)");
        }
        return value;
    }

    /** Returns {@code value} if it is not {@code null}. */
    public static <T> T checkNotNull(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name);
        }
        return value;
    }
}
