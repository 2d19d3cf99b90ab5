package dev.dx.cim.processor.chains;

import dev.dx.cim.MiddlewareChain;

/** The chain of {@code Rec0}..{@code Rec15}. */
@MiddlewareChain({Rec0.class, Rec1.class, Rec2.class, Rec3.class, Rec4.class, Rec5.class,
        Rec6.class, Rec7.class, Rec8.class, Rec9.class, Rec10.class, Rec11.class, Rec12.class,
        Rec13.class, Rec14.class, Rec15.class})
interface Chain16 {
}
