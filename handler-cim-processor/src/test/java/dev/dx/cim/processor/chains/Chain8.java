package dev.dx.cim.processor.chains;

import dev.dx.cim.MiddlewareChain;

/** The chain of {@code Rec0}..{@code Rec7}. */
@MiddlewareChain({Rec0.class, Rec1.class, Rec2.class, Rec3.class, Rec4.class, Rec5.class,
        Rec6.class, Rec7.class})
interface Chain8 {
}
