package dev.dx.cim.processor.chains;

import dev.dx.cim.MiddlewareChain;

/** The chain of {@code Rec0}..{@code Rec3}. */
@MiddlewareChain({Rec0.class, Rec1.class, Rec2.class, Rec3.class})
interface Chain4 {
}
