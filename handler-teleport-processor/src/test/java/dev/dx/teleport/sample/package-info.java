/** {@code @Teleport} records compiled with the processor for the generated-code tests. */
package dev.dx.teleport.sample;
