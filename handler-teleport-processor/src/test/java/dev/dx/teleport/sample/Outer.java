package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** Holds a member record, whose generated class is {@code Outer_Inner_Teleport}. */
public final class Outer {

    private Outer() {
    }

    /** A member record. */
    @Teleport
    public record Inner(int x, Color color) {
    }
}
