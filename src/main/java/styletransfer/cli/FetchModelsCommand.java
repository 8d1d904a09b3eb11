package styletransfer.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.RunFailedException;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;
import styletransfer.model.WeightFetcher;
import styletransfer.model.WeightsMismatchException;

/** Downloads model weights ahead of a run (for servers that run jobs offline later). */
@Command(name = "fetch-models", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Downloads and verifies the weights of the named models (all shipped models when none is named).")
final class FetchModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "Model names or folders. Default: every model under --models-dir.")
    List<String> models = new ArrayList<>();

    @Mixin
    ModelsDirOption modelsDir = new ModelsDirOption();

    @Option(names = "--force", description = "Download again even when the weights file exists (e.g. after a SHA-1 mismatch).")
    boolean force;

    @Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getErr();
        ModelCatalog catalog = new ModelCatalog(modelsDir.resolve());
        List<String> names = models.isEmpty() ? catalog.names() : models;
        if (names.isEmpty()) {
            throw new BadInputException("no models to fetch: " + catalog.modelsDir() + " holds no model folders "
                    + "(folders with a model.json)");
        }
        if (names.size() == 1) {
            fetchOne(catalog, names.get(0), log); // its failure is the command's: one line, the usual exit code
            return Main.OK;
        }
        // Several models: each is tried and reported, so one bad download does not hide the state of the others.
        List<String> failed = new ArrayList<>();
        boolean onlyBadInput = true;
        for (String name : names) {
            try {
                fetchOne(catalog, name, log);
            } catch (BadInputException | RunFailedException e) {
                failed.add(name);
                onlyBadInput &= e instanceof BadInputException;
                log.println("error: model " + name + ": " + oneLine(e.getMessage()));
                log.flush();
            }
        }
        if (failed.isEmpty()) {
            return Main.OK;
        }
        log.println("error: " + failed.size() + " of " + names.size() + " models failed (" + String.join(", ", failed)
                + "); the others are ready");
        log.flush();
        return onlyBadInput ? Main.BAD_INPUT : Main.FAILED;
    }

    /**
     * Present weights are read whole and their SHA-1 compared with model.json's (this is where a truncated or
     * corrupt file is found; runs rely on the stamp this check leaves); missing ones, or all with --force, are
     * downloaded.
     */
    private void fetchOne(ModelCatalog catalog, String name, PrintWriter log) {
        ModelSpec m = catalog.resolve(name);
        if (!force && Files.isRegularFile(m.weights())) {
            Optional<String> sha1;
            try {
                sha1 = WeightFetcher.check(m);
            } catch (WeightsMismatchException e) {
                throw new RunFailedException(ModelCommands.mismatchAdvice(m, e), e);
            }
            log.println("Model " + m.name() + ": weights present at " + m.weights() + (sha1.isPresent()
                    ? ", SHA-1 " + sha1.get() + " as expected." : " (model.json gives no SHA-1 to check them against)."));
        } else {
            ModelCommands.fetch(m, log);
            log.println("Model " + m.name() + ": weights saved to " + m.weights() + ".");
        }
        log.flush();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }
}
