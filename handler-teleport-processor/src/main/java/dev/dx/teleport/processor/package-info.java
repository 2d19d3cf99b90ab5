/**
 * The annotation processor that turns a {@link dev.dx.teleport.Teleport @Teleport} record into its
 * generated sibling {@code X_Teleport}: layout constants, a flyweight view and a codec.
 *
 * <p>Pipeline, per annotated record: {@code LayoutAnalyzer} validates the record and computes an
 * immutable {@code StructModel} (errors go through {@code ErrorReporter} onto the offending
 * element), then {@code TeleportClassWriter} and {@code ViewWriter} emit the source with JavaPoet.
 * Only {@link dev.dx.teleport.processor.TeleportProcessor} is public.
 */
package dev.dx.teleport.processor;
