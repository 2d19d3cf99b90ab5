package dev.dx.cim.processor.chains;

import dev.dx.cim.MiddlewareChain;

/** The chain of {@code Rec0}..{@code Rec1}. */
@MiddlewareChain({Rec0.class, Rec1.class})
interface Chain2 {
}
