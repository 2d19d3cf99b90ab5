package dev.dx.bench.cim;

import dev.dx.cim.CimChain;
import dev.dx.cim.MiddlewareChain;

/** The benchmark's chain, fused by the CIM processor into {@code BenchChain_Cim}. */
@MiddlewareChain({BenchMiddlewares.Timing.class, BenchMiddlewares.Cors.class, BenchMiddlewares.RateLimit.class,
        BenchMiddlewares.HeaderCheck.class})
public interface BenchChain extends CimChain<BenchExchange> {
}
