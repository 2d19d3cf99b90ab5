package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** A u8 enum and a u16 enum. */
@Teleport
public record Enums(Color color, Big big, Color other) {
}
