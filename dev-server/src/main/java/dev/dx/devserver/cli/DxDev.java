package dev.dx.devserver.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dx-dev} command: {@code dx-dev serve [DIR] --port --jdbc-url --workers --backend}.
 *
 * <p>Exit codes: 0 after a clean stop (Ctrl-C), 1 when the server cannot start (busy port, database),
 * 2 for bad arguments or a missing directory. Every error is one line on standard error.
 */
@Command(name = "dx-dev", mixinStandardHelpOptions = true, version = "dx-dev 0.1.0",
        description = "The dx-www dev server on DxReactor.",
        subcommands = ServeCommand.class)
public final class DxDev implements Runnable {

    /** Exit code for a server that could not start. */
    public static final int EXIT_FAILED = 1;
    /** Exit code for bad arguments. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs {@code dx-dev} and exits with its code. */
    public static void main(String[] args) {
        // the embedded PostgreSQL logs initdb's whole output at INFO; the CLI prints its own progress line
        if (System.getProperty(ZONKY_LOG_LEVEL) == null) {
            System.setProperty(ZONKY_LOG_LEVEL, "warn");
        }
        System.exit(run(args));
    }

    private static final String ZONKY_LOG_LEVEL = "org.slf4j.simpleLogger.log.io.zonky";

    /** Runs {@code dx-dev} with the process's standard streams; returns the exit code. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line, with one-line errors for bad arguments. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DxDev());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("dx-dev: " + ex.getMessage()
                    + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return EXIT_USAGE;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command, for example: dx-dev serve [DIR]");
    }
}
