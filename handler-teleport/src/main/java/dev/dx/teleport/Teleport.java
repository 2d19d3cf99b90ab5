package dev.dx.teleport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a Teleport struct. The annotation processor in
 * {@code dx-handler-teleport-processor} then generates a sibling class {@code X_Teleport} (for a
 * member record {@code Outer.X}, {@code Outer_X_Teleport}) holding:
 *
 * <ul>
 *   <li>{@code SIZE}, {@code ALIGN}, {@code FINGERPRINT}, {@code CANONICAL}, {@code LAYOUT} and one
 *       {@code <FIELD>_OFFSET} constant per component;
 *   <li>a flyweight {@code View} whose accessors read the fields at absolute little-endian offsets;
 *   <li>{@code write(TeleportWriter, X)}, {@code read(TeleportMessage)} and a {@code TYPE} for
 *       {@link TeleportEncoder}.
 * </ul>
 *
 * <p>Component types: {@code boolean}, {@code byte}, {@code short}, {@code char}, {@code int},
 * {@code long}, {@code float}, {@code double}, {@code String}, an enum, another {@code @Teleport}
 * record, and {@code List<T>} or {@code T[]} of a primitive (or its wrapper, for lists) or of a
 * {@code @Teleport} record. Anything else is a compile error on the component.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Teleport {
}
