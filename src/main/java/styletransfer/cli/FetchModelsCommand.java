package styletransfer.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
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

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Root of the model folders. Default: models/ of the install.")
    Path modelsDir;

    @Option(names = "--force", description = "Download again even when the weights file exists.")
    boolean force;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() {
        PrintWriter log = spec.commandLine().getErr();
        ModelCatalog catalog = new ModelCatalog(modelsDir != null ? modelsDir : Install.modelsDir());
        List<String> names = models.isEmpty() ? catalog.names() : models;
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
