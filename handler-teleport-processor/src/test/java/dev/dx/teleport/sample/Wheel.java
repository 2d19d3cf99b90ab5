package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** A slice element with a string of its own. */
@Teleport
public record Wheel(byte position, double pressure, String brand) {
}
