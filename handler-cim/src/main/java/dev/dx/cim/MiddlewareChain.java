package dev.dx.cim;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a middleware chain on an interface. The {@code dx-handler-cim-processor} annotation
 * processor generates {@code Name_Cim}, a final class in the same package that implements the interface
 * and {@link CimChain}, holds each middleware in a final field of its concrete type and calls them in
 * straight lines.
 *
 * <pre>{@code
 * @MiddlewareChain({TimingMiddleware.class, JwtAuthMiddleware.class, RateLimitMiddleware.class})
 * public interface ApiChain extends CimChain<Exchange> {}
 *
 * ApiChain chain = new ApiChain_Cim(jwtAuth, rateLimit);   // TimingMiddleware has a no-arg constructor
 * }</pre>
 *
 * <p>Rules, each checked at compile time with the error on the annotation: at least one middleware;
 * every class implements {@link Middleware}, is {@code final}, and has an accessible constructor; the
 * exchange types of all middlewares lie on one line of subtypes (the chain uses the narrowest). The
 * generated constructor takes, in chain order, every middleware that has no accessible no-argument
 * constructor, except a {@code CorsMiddleware}, which the chain builds from {@link CorsOrigins}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface MiddlewareChain {

    /** The middlewares, outermost first. */
    Class<? extends Middleware<?>>[] value();
}
