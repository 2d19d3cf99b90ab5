package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** Empty, ASCII and non-ASCII strings. */
@Teleport
public record Strings(String empty, String ascii, String nonAscii) {
}
