package com.example.greeting;

import dev.dx.teleport.Teleport;

/** A message of the consumer's own; the processor generates {@code Greeting_Teleport} beside it. */
@Teleport
public record Greeting(long id, String text, boolean formal) {
}
