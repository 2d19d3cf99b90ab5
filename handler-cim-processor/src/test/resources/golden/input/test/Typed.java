package test;

import dev.dx.cim.CimChain;
import dev.dx.cim.MiddlewareChain;

@MiddlewareChain({Tag.class, Timing.class})
public interface Typed extends CimChain<HttpExchange> {

    /** Default methods are fine: the generated class inherits them. */
    default String describe() {
        return "typed chain of " + size();
    }
}
