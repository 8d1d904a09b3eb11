package styletransfer.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import styletransfer.BadInputException;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

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

    @Option(names = "--force", description = "Download again even when the weights file exists.")
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
        for (String name : names) {
            ModelSpec m = catalog.resolve(name);
            if (!force && Files.isRegularFile(m.weights())) {
                log.println("Model " + m.name() + ": weights present at " + m.weights() + ".");
            } else {
                ModelCommands.fetch(m, log);
                log.println("Model " + m.name() + ": weights saved to " + m.weights() + ".");
            }
            log.flush();
        }
        return Main.OK;
    }
}
