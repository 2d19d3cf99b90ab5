package dev.dx.devserver;

import static dev.dx.common.Checks.checkNotNull;

import dev.dx.devserver.reload.SiteWatcherConfig;
import dev.dx.reactor.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What {@link DevServer#start} needs: the site, the address, the database and the reactor. Every setting
 * has a default, so {@code DevServer.start(new DevServerConfig())} serves the bundled demo site on
 * {@code 127.0.0.1:3000} with an embedded PostgreSQL. Not thread-safe; {@code start} takes a copy.
 */
public final class DevServerConfig {

    /** The default port. */
    public static final int DEFAULT_PORT = 3000;

    private Path site;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String jdbcUrl;
    private int workers;
    private Backend backend;
    private Duration debounce = SiteWatcherConfig.DEFAULT_DEBOUNCE;
    private int rateLimitPerSecond = 10_000;
    private Consumer<String> progress = line -> { };

    /** The site directory to serve and watch; {@code null} (the default) serves a copy of the bundled demo site. */
    public DevServerConfig site(Path site) {
        this.site = site;
        return this;
    }

    /** The address to listen on; default {@code 127.0.0.1}. */
    public DevServerConfig host(String host) {
        this.host = checkNotNull(host, "host");
        return this;
    }

    /** The port to listen on, 0 for any free one; default {@value #DEFAULT_PORT}. */
    public DevServerConfig port(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        this.port = port;
        return this;
    }

    /** The PostgreSQL to read live data from; {@code null} (the default) starts an embedded one with a demo table. */
    public DevServerConfig jdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        return this;
    }

    /** Event-loop workers; 0 (the default) for one per core. */
    public DevServerConfig workers(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0: " + workers);
        }
        this.workers = workers;
        return this;
    }

    /** The I/O backend; {@code null} (the default) for the best one of this machine. */
    public DevServerConfig backend(Backend backend) {
        this.backend = backend;
        return this;
    }

    /** How long the site must be quiet after a change before it is pushed; default {@link SiteWatcherConfig#DEFAULT_DEBOUNCE}. */
    public DevServerConfig debounce(Duration debounce) {
        checkNotNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative: " + debounce);
        }
        this.debounce = debounce;
        return this;
    }

    /** Requests per second allowed to each client address, split among the cores; default 10,000. */
    public DevServerConfig rateLimitPerSecond(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("rateLimitPerSecond must be >= 1: " + permits);
        }
        this.rateLimitPerSecond = permits;
        return this;
    }

    /** Where start-up progress goes (the embedded database's first start takes a while); default nowhere. */
    public DevServerConfig progress(Consumer<String> progress) {
        this.progress = checkNotNull(progress, "progress");
        return this;
    }

    Path site() {
        return site;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    int workers() {
        return workers;
    }

    Backend backend() {
        return backend;
    }

    Duration debounce() {
        return debounce;
    }

    int rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    Consumer<String> progress() {
        return progress;
    }

    DevServerConfig copy() {
        DevServerConfig c = new DevServerConfig();
        c.site = site;
        c.host = host;
        c.port = port;
        c.jdbcUrl = jdbcUrl;
        c.workers = workers;
        c.backend = backend;
        c.debounce = debounce;
        c.rateLimitPerSecond = rateLimitPerSecond;
        c.progress = progress;
        return c;
    }
}
