package dev.dx.cim.builtin;

import static dev.dx.common.Checks.checkNotNull;
import static dev.dx.common.Checks.checkPositiveOrZero;

import java.util.List;

/**
 * What {@code CorsMiddleware} allows: which origins (a predicate the generated chain implements as a
 * {@code switch} over the origins of {@link dev.dx.cim.CorsOrigins}), and what a preflight answers.
 *
 * <pre>{@code
 * CorsPolicy policy = CorsPolicy.builder(origin -> origin.equals("https://app.example.com"))
 *         .methods("GET", "POST").headers("authorization").maxAgeSeconds(600).build();
 * }</pre>
 */
public final class CorsPolicy {

    /** Decides whether an {@code Origin} header value is allowed. */
    @FunctionalInterface
    public interface Origins {
        /** Whether {@code origin} (never {@code null}) is allowed. */
        boolean allows(String origin);
    }

    private final Origins origins;
    private final String allowMethods;
    private final String allowHeaders;
    private final String maxAge;
    private final boolean credentials;

    private CorsPolicy(Builder b) {
        this.origins = b.origins;
        this.allowMethods = String.join(", ", b.methods);
        this.allowHeaders = String.join(", ", b.headers);
        this.maxAge = Integer.toString(b.maxAgeSeconds);
        this.credentials = b.credentials;
    }

    /** A builder allowing the origins {@code origins} accepts. */
    public static Builder builder(Origins origins) {
        return new Builder(origins);
    }

    /** Whether {@code origin} is allowed; {@code false} for {@code null}. */
    public boolean allows(String origin) {
        return origin != null && origins.allows(origin);
    }

    /** The {@code Access-Control-Allow-Methods} value of a preflight answer. */
    public String allowMethods() {
        return allowMethods;
    }

    /** The {@code Access-Control-Allow-Headers} value of a preflight answer. */
    public String allowHeaders() {
        return allowHeaders;
    }

    /** The {@code Access-Control-Max-Age} value of a preflight answer, in seconds. */
    public String maxAge() {
        return maxAge;
    }

    /** Whether answers carry {@code Access-Control-Allow-Credentials: true}. */
    public boolean credentials() {
        return credentials;
    }

    /** Collects a {@link CorsPolicy}; defaults as in {@link dev.dx.cim.CorsOrigins}. */
    public static final class Builder {
        private final Origins origins;
        private List<String> methods = List.of("GET", "HEAD", "POST");
        private List<String> headers = List.of("authorization", "content-type");
        private int maxAgeSeconds = 600;
        private boolean credentials;

        private Builder(Origins origins) {
            this.origins = checkNotNull(origins, "origins");
        }

        /** The methods a preflight allows. */
        public Builder methods(String... methods) {
            this.methods = List.of(methods);
            return this;
        }

        /** The request headers a preflight allows. */
        public Builder headers(String... headers) {
            this.headers = List.of(headers);
            return this;
        }

        /** How long a browser may cache a preflight. */
        public Builder maxAgeSeconds(int seconds) {
            this.maxAgeSeconds = checkPositiveOrZero(seconds, "seconds");
            return this;
        }

        /** Whether to allow credentials (cookies, {@code Authorization}) on cross-origin requests. */
        public Builder credentials(boolean credentials) {
            this.credentials = credentials;
            return this;
        }

        /** Builds the policy. */
        public CorsPolicy build() {
            return new CorsPolicy(this);
        }
    }
}
