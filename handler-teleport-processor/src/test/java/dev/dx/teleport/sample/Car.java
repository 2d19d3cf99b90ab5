package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;
import java.util.List;

/** A larger message: scalars, enums, strings, a nested struct and slices of structs. */
@Teleport
public record Car(long serial, short year, boolean available, Color color, char grade,
        float weight, String model, List<Wheel> wheels, int[] codes, Wheel spare,
        Wheel[] extras, List<Long> ids, Big trim) {
}
