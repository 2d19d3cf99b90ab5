package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;
import java.util.List;

/** Slices of a 0-byte struct: only their counts are stored (and D does not bound them). */
@Teleport
public record Counts(Empty[] none, List<Empty> some, Empty empty, byte tag) {
}
