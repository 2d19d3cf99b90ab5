package dev.dx.bench.teleport;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The one set of values every library in the Teleport benchmarks encodes and decodes.
 */
public final class Samples {

    /** The small message. */
    public static final User USER = new User(1_234_567_890_123L, "Ada Lovelace", (byte) 36, true);

    /** The larger message. */
    public static final Car CAR = new Car(
            9_876_543_210L, 2024, (short) 2_996, (byte) 6, true,
            123_456L, 84_990.50, 7.8f, 6_500, (short) 250, (short) 1_650,
            (byte) 4, (byte) 5, false, true, 0x00C0FFEE,
            0x57_56_57_5A_5A_5A_39_39L, 0x4E_31_32_33_34_35_36_37L, 48.137154, 11.576124,
            "Mercedes-Benz 300 SL Roadster",
            List.of(
                    new FuelFigure((short) 30, 35.9f, 500),
                    new FuelFigure((short) 55, 49.0f, 800),
                    new FuelFigure((short) 75, 40.0f, 700),
                    new FuelFigure((short) 100, 33.0f, 600),
                    new FuelFigure((short) 130, 28.5f, 450)));

    /** {@link #USER}'s name as UTF-8, for the in-place string comparisons. */
    public static final byte[] USER_NAME_UTF8 = USER.name().getBytes(StandardCharsets.UTF_8);

    /** {@link #CAR}'s model as UTF-8, for the in-place string comparisons. */
    public static final byte[] CAR_MODEL_UTF8 = CAR.model().getBytes(StandardCharsets.UTF_8);

    private Samples() {
    }

    /**
     * Fails a benchmark's setup unless every one of its string comparisons is true: one that failed
     * early (a length mismatch) would time less work than the others do.
     *
     * @param what the compared field, for the message
     */
    public static void checkAllEqual(String what, boolean... equal) {
        for (boolean e : equal) {
            if (!e) {
                throw new IllegalStateException("a " + what + " comparison is false: " + Arrays.toString(equal));
            }
        }
    }
}
