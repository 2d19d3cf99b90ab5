/** A generated chain of handler-cim's built-ins, run over real HTTP. */
package dev.dx.cim.processor.builtins;
