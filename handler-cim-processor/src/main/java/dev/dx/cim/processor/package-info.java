/**
 * The annotation processor that fuses a {@link dev.dx.cim.MiddlewareChain @MiddlewareChain} into one
 * final class, {@code Name_Cim}, of straight-line middleware calls.
 *
 * <p>Pipeline, per annotated interface: {@code ChainAnalyzer} (with {@code MiddlewareAnalyzer} and
 * {@code CorsAnalyzer}) validates the chain and builds an immutable {@code ChainModel}; errors go through
 * {@code ErrorReporter} onto the offending element, annotation or annotation value. Then
 * {@code ChainWriter} emits the source with JavaPoet. Only {@link dev.dx.cim.processor.CimProcessor} is
 * public.
 */
package dev.dx.cim.processor;
