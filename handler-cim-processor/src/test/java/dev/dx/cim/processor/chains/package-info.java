/**
 * Chains compiled by the processor as part of this module's test compile, and the runtime tests that
 * run them: {@code Rec0}..{@code Rec15} are recording middlewares, {@code Chain1}..{@code Chain16} the
 * chains of their prefixes.
 */
package dev.dx.cim.processor.chains;
