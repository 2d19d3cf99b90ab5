package test;

import dev.dx.cim.MiddlewareChain;

@MiddlewareChain({Timing.class, Auth.class, Tag.class, Limit.class})
interface Mixed {
}
