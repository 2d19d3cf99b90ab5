package dev.dx.cim;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The CORS policy of a {@link MiddlewareChain} that contains {@code CorsMiddleware}: the allowed origins
 * are fixed at compile time, and the generated chain matches them with a {@code switch} on the
 * {@code Origin} header.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CorsOrigins {

    /** The allowed origins, exactly as browsers send them: {@code "https://app.example.com"}. */
    String[] value();

    /** The methods a preflight allows. */
    String[] methods() default {"GET", "HEAD", "POST"};

    /** The request headers a preflight allows. */
    String[] headers() default {"authorization", "content-type"};

    /** How long a browser may cache a preflight, in seconds. */
    int maxAgeSeconds() default 600;

    /** Whether to send {@code Access-Control-Allow-Credentials: true}. */
    boolean credentials() default false;
}
