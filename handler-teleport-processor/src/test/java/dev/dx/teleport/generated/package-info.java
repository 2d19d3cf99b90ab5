/** Tests of the code the processor generated for {@code dev.dx.teleport.sample}. */
package dev.dx.teleport.generated;
