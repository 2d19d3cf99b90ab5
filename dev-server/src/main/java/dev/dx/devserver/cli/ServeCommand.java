package dev.dx.devserver.cli;

import dev.dx.devserver.DevServer;
import dev.dx.devserver.DevServerConfig;
import dev.dx.reactor.Backend;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dx-dev serve [DIR]}: serves DIR (default: a copy of the bundled demo site) until Ctrl-C. Prints
 * the backend, the workers and the URLs; while an embedded PostgreSQL starts for the first time, a
 * progress line.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve a site with hot reload and live data until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "The site directory (default: a copy of the bundled demo site, deleted on exit).")
    Path dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DevServerConfig.DEFAULT_PORT,
            description = "The port to listen on (0: any free port; default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "The PostgreSQL for live data (default: an embedded one with a demo table).")
    String jdbcUrl;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Event-loop workers (default: one per core).")
    int workers;

    @Option(names = "--backend", paramLabel = "BACKEND",
            description = "The I/O backend: ${COMPLETION-CANDIDATES} (default: the best available).")
    Backend backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Counted down to stop a server started in-process (tests); Ctrl-C stops the process anyway. */
    CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0..65535: " + port);
        }
        if (workers < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--workers must be 0 or more: " + workers);
        }
        if (dir != null && !Files.isDirectory(dir)) {
            err.println("dx-dev: no such directory: " + dir);
            err.flush();
            return DxDev.EXIT_USAGE;
        }
        if (backend != null && !backend.isAvailable()) {
            err.println("dx-dev: backend " + backend + " is not available here: " + backend.unavailabilityCause());
            err.flush();
            return DxDev.EXIT_USAGE;
        }
        DevServerConfig config = new DevServerConfig()
                .site(dir).host(host).port(port).jdbcUrl(jdbcUrl).workers(workers).backend(backend)
                .progress(line -> {
                    out.println(line);
                    out.flush();
                });
        DevServer server;
        try {
            server = DevServer.start(config);
        } catch (RuntimeException e) {
            err.println("dx-dev: " + reason(e));
            err.flush();
            return DxDev.EXIT_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopAndSay(server, out);
            stopped.countDown();
        }, "dx-dev-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println(server.describe());
        out.println("Ctrl-C stops it");
        out.flush();
        stop.await();
        if (Runtime.getRuntime().removeShutdownHook(hook)) {
            stopAndSay(server, out);
        } else {
            stopped.await();
        }
        return 0;
    }

    private void stopAndSay(DevServer server, PrintWriter out) {
        out.println("dx-dev: stopping (GoAway to the pages)");
        out.flush();
        server.close();
        out.println("dx-dev: stopped");
        out.flush();
    }

    private String reason(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // the JDK says BindException; Netty's native transports an IOException with the errno's text
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return "cannot listen on " + host + ":" + port + ": " + t.getMessage() + " (choose another port with --port)";
            }
        }
        return "cannot start: " + (e.getMessage() != null ? e.getMessage() : e.toString());
    }
}
