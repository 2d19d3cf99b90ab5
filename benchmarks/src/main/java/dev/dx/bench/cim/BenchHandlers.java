package dev.dx.bench.cim;

import static dev.dx.bench.cim.BenchMiddlewares.TOKEN;
import static dev.dx.bench.cim.BenchMiddlewares.allowed;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import org.HdrHistogram.Histogram;

/**
 * The four steps as the Netty handlers a user would stack today: each does its before-work in
 * {@code channelRead} and passes the exchange on, and its after-work in {@code write} on the way back.
 * A rejection writes the answer from where it happens, so only the handlers in front see it.
 */
final class BenchHandlers {

    private BenchHandlers() {
    }

    /** Timing: start on the way in, record on the way out. */
    static final class Timing extends ChannelDuplexHandler {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 2);

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((BenchExchange) msg).startNanos = System.nanoTime();
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            BenchExchange x = (BenchExchange) msg;
            histogram.recordValue(Math.max(0, System.nanoTime() - x.startNanos));
            ctx.write(msg, promise);
        }
    }

    /** CORS: note the origin on the way in, add the headers on the way out. */
    static final class Cors extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            BenchExchange x = (BenchExchange) msg;
            String origin = x.origin;
            if (origin != null && allowed(origin)) {
                x.allowedOrigin = origin;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            BenchExchange x = (BenchExchange) msg;
            if (x.allowedOrigin != null) {
                x.answerHeader("access-control-allow-origin", x.allowedOrigin);
                x.answerHeader("vary", "Origin");
            }
            ctx.write(msg, promise);
        }
    }

    /** Rate limit: answer 429 from here when the bucket is empty. */
    static final class RateLimit extends ChannelInboundHandlerAdapter {
        private final BenchMiddlewares.Bucket bucket = new BenchMiddlewares.Bucket();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (bucket.tryTake(System.nanoTime())) {
                ctx.fireChannelRead(msg);
            } else {
                ((BenchExchange) msg).status(429);
                ctx.write(msg, ctx.voidPromise());
            }
        }
    }

    /** Header check: answer 401 from here without the token. */
    static final class HeaderCheck extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            BenchExchange x = (BenchExchange) msg;
            if (TOKEN.equals(x.token)) {
                ctx.fireChannelRead(msg);
            } else {
                x.status(401);
                ctx.write(msg, ctx.voidPromise());
            }
        }
    }

    /** The application: answers 200. */
    static final class App extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((BenchExchange) msg).status(200);
            ctx.write(msg, ctx.voidPromise());
        }
    }

    /**
     * The first handler of every variant's pipeline: takes the answers instead of the channel, so the
     * benchmark measures the handlers and not an outbound buffer.
     */
    static final class Sink extends ChannelOutboundHandlerAdapter {
        long written;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            written++;
        }
    }
}
