package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** No components: size 0, align 1. */
@Teleport
public record Empty() {
}
