package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;
import java.util.List;

/**
 * A slice of every primitive, a boxed list and a list of structs. The bytes are a {@code List<Byte>}:
 * a {@code byte[]} is Teleport/1.1 {@code bytes} (§6), not {@code slice<i8>}.
 */
@Teleport
public record Slices(byte tag, boolean[] flags, List<Byte> bytes, short[] shorts, char[] chars,
        int[] ints, long[] longs, float[] floats, double[] doubles, List<Integer> boxed,
        List<Address> addresses) {
}
