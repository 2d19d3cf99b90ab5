package dev.dx.cim.jwt;

import static dev.dx.common.Checks.checkNotNull;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JWK Set fetched from a URL (an identity provider's {@code jwks_uri}) and fetched again every
 * {@code period} on a daemon thread of its own. The first fetch happens in {@link #start}, which throws if
 * it fails: there are no old keys to fall back on. A later fetch that fails (network, HTTP status, a body
 * over {@link #MAX_BYTES}, not a JWK Set) is logged as a warning and the keys already held stay in use.
 *
 * <pre>{@code
 * RefreshingJwkSource keys = RefreshingJwkSource.start(new URL("https://idp.example/jwks.json"),
 *         Duration.ofMinutes(5));
 * JwtVerifier verifier = JwtVerifier.builder().keys(keys)...build();
 * ...
 * keys.close();   // stops the refresh thread
 * }</pre>
 */
public final class RefreshingJwkSource implements JwtKeySource, AutoCloseable {

    /** The largest JWK Set body read. */
    public static final int MAX_BYTES = 1 << 20;

    /** Connect and read timeout of each fetch. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(RefreshingJwkSource.class);

    private final URL url;
    private final DefaultResourceRetriever retriever;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong failures = new AtomicLong();
    private volatile JWKSet current;

    private RefreshingJwkSource(URL url) {
        this.url = url;
        int timeout = (int) TIMEOUT.toMillis();
        this.retriever = new DefaultResourceRetriever(timeout, timeout, MAX_BYTES);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dx-jwks-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Fetches the JWK Set at {@code url} now and schedules a fetch every {@code period}.
     *
     * @throws IOException if the first fetch fails or does not give a JWK Set
     */
    public static RefreshingJwkSource start(URL url, Duration period) throws IOException {
        checkNotNull(url, "url");
        checkNotNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period : " + period + " (expected: > 0)");
        }
        RefreshingJwkSource source = new RefreshingJwkSource(url);
        try {
            source.current = source.fetch();
        } catch (IOException e) {
            source.close();
            throw e;
        }
        long millis = period.toMillis();
        source.scheduler.scheduleWithFixedDelay(source::refresh, millis, millis, TimeUnit.MILLISECONDS);
        return source;
    }

    @Override
    public JWKSet current() {
        return current;
    }

    /** How many background fetches have failed so far. */
    public long failedRefreshes() {
        return failures.get();
    }

    /** Stops the background refresh; {@link #current()} keeps answering the last keys. */
    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** One background fetch: a new set replaces the old only when it was fetched and parsed whole. */
    void refresh() {
        try {
            JWKSet fresh = fetch();
            if (!fresh.toString(false).equals(current.toString(false))) {
                current = fresh;
                log.info("JWK Set {} changed: {} keys", url, fresh.size());
            }
        } catch (IOException | RuntimeException e) {
            failures.incrementAndGet();
            log.warn("JWK Set refresh from {} failed, keeping the {} keys held: {}", url, current.size(), e.toString());
        }
    }

    private JWKSet fetch() throws IOException {
        Resource resource = retriever.retrieveResource(url);
        try {
            return JWKSet.parse(resource.getContent());
        } catch (ParseException e) {
            throw new IOException(url + " did not give a JWK Set: " + e.getMessage(), e);
        }
    }
}
