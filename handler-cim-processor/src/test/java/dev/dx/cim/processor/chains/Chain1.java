package dev.dx.cim.processor.chains;

import dev.dx.cim.MiddlewareChain;

/** The chain of {@code Rec0}..{@code Rec0}. */
@MiddlewareChain({Rec0.class})
interface Chain1 {
}
