package dev.dx.teleport.sample;

/** A small enum: u8. */
public enum Color { RED, GREEN, BLUE }
