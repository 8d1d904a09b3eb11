package styletransfer.cli;

import picocli.CommandLine.Option;

/** {@code -m}: the model of a single run and of {@code describe} (a picocli mixin; batch words its own). */
final class ModelOption {
    @Option(names = {"-m", "--model"}, paramLabel = "NAME|DIR", defaultValue = "googlenet",
            description = "Model: googlenet, vgg16, vgg19, caffenet, squeezenet, or a folder with a model.json. Default: ${DEFAULT-VALUE}.")
    String name;
}
