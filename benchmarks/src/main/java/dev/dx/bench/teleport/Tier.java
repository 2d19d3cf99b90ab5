package dev.dx.bench.teleport;

/** An enum field of {@link EveryType}: a one-byte ordinal in Teleport, a proto3 enum in protobuf. */
public enum Tier {
    /** The first constant (ordinal 0). */
    BRONZE,
    /** The second constant. */
    SILVER,
    /** The third constant. */
    GOLD
}
