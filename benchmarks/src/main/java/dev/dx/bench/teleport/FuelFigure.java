package dev.dx.bench.teleport;

import dev.dx.teleport.Teleport;
/**
 * The small struct repeated five times in {@link Car}. Teleport layout:
 * {@code struct FuelFigure{speed:i16@0,mpg:f32@4,distance:i32@8}#12:4}.
 *
 * @param speed    a speed
 * @param mpg      fuel consumption at that speed
 * @param distance a distance
 */
@Teleport
public record FuelFigure(short speed, float mpg, int distance) {
}
