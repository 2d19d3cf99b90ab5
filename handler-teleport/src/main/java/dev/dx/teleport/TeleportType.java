package dev.dx.teleport;

/**
 * A Teleport root type as the pipeline handlers see it. Each generated {@code X_Teleport} has a
 * {@code TYPE} constant implementing it.
 *
 * @param <T> the record type
 */
public interface TeleportType<T> {

    /** The record class. */
    Class<T> javaType();

    /** The struct layout, whose fingerprint message headers carry. */
    TeleportLayout layout();

    /** Writes {@code value} as a whole message: begins it on {@code writer} and fills it in. */
    void write(TeleportWriter writer, T value);

    /** Builds a record from a message of this type (decoding every string and slice). */
    T read(TeleportMessage message);
}
