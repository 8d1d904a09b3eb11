package styletransfer.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import styletransfer.BadInputException;
import styletransfer.Messages;

/** Entry point: parses the command line and maps every failure to one line on stderr and an exit code. */
public final class Main {
    /** Exit codes: done, failure while running, bad usage or input. */
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the program in-process; returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cli = commandLine();
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Java heap or JavaCPP's native limit: say which knob to turn instead of a stack trace.
            cli.getErr().println("error: out of memory (" + oneLine(e.getMessage()) + "): use a smaller -l, or raise "
                    + "java.heap / javacpp.maxbytes in native-config/native.properties");
            cli.getErr().flush();
            return FAILED;
        } catch (UnsatisfiedLinkError e) {
            // Natives that did not load past Devices.requireNatives (which names the missing library): a last resort.
            cli.getErr().println("error: cannot load the native libraries (" + oneLine(e.getMessage()) + "): the GPU "
                    + "build needs CUDA 11.8 / cuDNN 8.6 (NVIDIA's packages, or gpu.redist=true in native-config/native.properties); otherwise rebuild for the CPU (see native-config/README.md)");
            cli.getErr().flush();
            return FAILED;
        } catch (LinkageError e) {
            cli.getErr().println("error: a class of the program could not be loaded (" + oneLine(e.toString())
                    + "): the installation is incomplete or was replaced while running; rebuild with bin/style-transfer");
            cli.getErr().flush();
            return FAILED;
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TransferCommand());
        cli.addSubcommand("selftest", new SelftestCommand());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + oneLine(ParameterMessages.say(ex)) + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || (commandLine.getParent() != null && commandLine.getParent().getParseResult().hasMatchedOption("--debug"));
            if (debug) {
                ex.printStackTrace(err);
            }
            // Lower layers state facts; Advice says what to do about them in flags.
            if (ex instanceof BadInputException) {
                err.println("error: " + oneLine(Advice.message(ex)));
                return BAD_INPUT;
            }
            if (ex instanceof styletransfer.RunFailedException) {
                err.println("error: " + oneLine(Advice.message(ex)));
                return FAILED;
            }
            err.println("error: internal error " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage()))
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            return FAILED;
        });
        return cli;
    }

    static String oneLine(String message) {
        return Messages.oneLine(message);
    }
}
