package dev.dx.teleport.sample;

import dev.dx.teleport.Teleport;

/** Nested structs. */
@Teleport
public record Person(short age, Address home, String name, Address work) {
}
