package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** Every scalar type, declared smallest first so each gets padding before it. */
@Teleport
public record Primitives(boolean flag, byte i8, short i16, char u16, int i32, long i64, float f32,
        double f64) {
}
