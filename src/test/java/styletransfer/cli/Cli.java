package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import styletransfer.SharedData;

/** Runs the program in-process as a user would, capturing what it prints on stderr. */
final class Cli {
    private Cli() {}

    /** The exit code and everything printed on stderr. */
    record Result(int exitCode, String err) {
        /** The lines starting with "error:". */
        List<String> errorLines() {
            return err.lines().filter(l -> l.startsWith("error:")).toList();
        }

        /** Asserts the run failed with {@code code} and exactly one error line containing every fragment. */
        String assertError(int code, String... fragments) {
            assertEquals(code, exitCode, err);
            List<String> errors = errorLines();
            assertEquals(1, errors.size(), err);
            String line = errors.get(0);
            for (String f : fragments) {
                assertTrue(line.contains(f), "expected '" + f + "' in: " + line);
            }
            assertFalse(err.contains("\tat "), "a stack trace without --debug: " + err);
            assertFalse(err.contains("internal error"), err);
            return line;
        }
    }

    static Result run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run(args);
        } finally {
            System.setErr(saved);
        }
        String err = buffer.toString(StandardCharsets.UTF_8);
        saved.print(err); // keeps the run visible in the test log
        return new Result(code, err);
    }

    /**
     * A tiny real run on SqueezeNet from the shared folder (skipped visibly without it): -n 1 -l 64 on the CPU.
     * {@code extra} holds "option=value" (replacing the default of that option, or added) or a bare flag.
     */
    static List<String> squeezenet(Path style, Path content, Path output, String... extra) {
        Path weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        List<String> args = new ArrayList<>(List.of("-s", style.toString(), "-c", content.toString(),
                "-m", "squeezenet", "--weights", weights.toString(), "-g", "-1", "-n", "1", "-l", "64",
                "-o", output.toString()));
        for (String e : extra) {
            int eq = e.indexOf('=');
            if (eq < 0) {
                args.add(e);
                continue;
            }
            String option = e.substring(0, eq);
            int at = args.indexOf(option);
            if (at >= 0) {
                args.set(at + 1, e.substring(eq + 1));
            } else {
                args.add(option);
                args.add(e.substring(eq + 1));
            }
        }
        return args;
    }

    static Result run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** Exit code, stdout and stderr of a command run on picocli's own writers (as the JSON-printing tests need). */
    record Output(int exit, String out, String err) {}

    static Output capture(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Output(exit, out.toString(), err.toString());
    }

    static Output capture(List<String> args) {
        return capture(args.toArray(String[]::new));
    }

    static Path starryNight() {
        return SharedData.referenceImage("style/starry_night.jpg");
    }

    static Path nanjing() {
        return SharedData.referenceImage("content/nanjing.jpg");
    }
}
