package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** The example of §5 of the format. */
@Teleport
public record User(long id, String name, byte age, boolean active) {
}
