package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** A struct nested in others. */
@Teleport
public record Address(String street, int zip) {
}
