package dev.dx.bench.cim;

import dev.dx.cim.CimChain;
import dev.dx.cim.CimHandler;
import dev.dx.cim.Middleware;
import java.util.List;

/**
 * The chain as a {@code List<Middleware>} loop: the same semantics as the generated class, with a list,
 * a loop and an interface call per step.
 */
final class LoopChain implements CimChain<BenchExchange> {

    private final List<Middleware<BenchExchange>> middlewares;

    LoopChain(List<Middleware<BenchExchange>> middlewares) {
        this.middlewares = List.copyOf(middlewares);
    }

    @Override
    public void handle(BenchExchange x, CimHandler<? super BenchExchange> handler) {
        x.startChain(this);
        try {
            for (int i = 0, n = middlewares.size(); i < n; i++) {
                if (!middlewares.get(i).before(x) || x.isAnswered()) {
                    if (!x.isAnswered()) {
                        x.hookFailed(new IllegalStateException("stopped without answering"));
                    }
                    return;
                }
                x.passed(i + 1);
            }
            handler.handle(x);
        } catch (Throwable t) {
            x.hookFailed(t);
        }
    }

    @Override
    public void after(BenchExchange x, int passed) {
        for (int i = passed - 1; i >= 0; i--) {
            try {
                middlewares.get(i).after(x);
            } catch (Throwable t) {
                x.hookFailed(t);
            }
        }
    }

    @Override
    public int size() {
        return middlewares.size();
    }
}
