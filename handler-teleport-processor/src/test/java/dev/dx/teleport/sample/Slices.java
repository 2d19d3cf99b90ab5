package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;
import java.util.List;

/** A slice of every primitive, a boxed list and a list of structs. */
@Teleport
public record Slices(byte tag, boolean[] flags, byte[] bytes, short[] shorts, char[] chars,
        int[] ints, long[] longs, float[] floats, double[] doubles, List<Integer> boxed,
        List<Address> addresses) {
}
