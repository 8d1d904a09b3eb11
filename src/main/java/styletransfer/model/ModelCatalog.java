package styletransfer.model;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import styletransfer.BadInputException;

/**
 * The models a user can name with {@code -m}: the folders under one models directory that hold a
 * {@code model.json}. A value that looks like a path selects a model folder anywhere instead.
 */
public final class ModelCatalog {
    private final Path modelsDir;

    public ModelCatalog(Path modelsDir) {
        this.modelsDir = modelsDir.toAbsolutePath().normalize();
    }

    public Path modelsDir() {
        return modelsDir;
    }

    /**
     * {@code -m NAME} loads {@code <modelsDir>/<name lower-cased>/} (the reference lower-cases the name too);
     * a folder whose name is not lower-case is found by its exact name; {@code -m PATH} loads that folder. A value is a path if it contains a path separator or is an existing
     * folder holding a model.json.
     */
    public ModelSpec resolve(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new BadInputException("no model given; use one of: " + knownList());
        }
        if (looksLikePath(nameOrPath)) {
            return ModelSpec.load(Path.of(nameOrPath));
        }
        Path dir = modelsDir.resolve(nameOrPath.toLowerCase(Locale.ROOT));
        if (!Files.isRegularFile(dir.resolve(ModelSpec.FILE_NAME))) {
            // A folder named in mixed case, as names() lists it, is found by its own name.
            dir = modelsDir.resolve(nameOrPath);
        }
        if (!Files.isRegularFile(dir.resolve(ModelSpec.FILE_NAME))) {
            throw new BadInputException("unknown model \"" + nameOrPath + "\"; known models: " + knownList()
                    + " (or give the path of a folder holding " + ModelSpec.FILE_NAME + ")");
        }
        return ModelSpec.load(dir);
    }

    /** Names of the folders under the models directory that hold a model.json, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(modelsDir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(modelsDir, Files::isDirectory)) {
            for (Path d : dirs) {
                if (Files.isRegularFile(d.resolve(ModelSpec.FILE_NAME))) {
                    names.add(d.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list the models folder " + modelsDir + " (" + e.getMessage() + ")",
                    e);
        }
        Collections.sort(names);
        return List.copyOf(names);
    }

    private static boolean looksLikePath(String s) {
        if (s.contains("/") || s.contains(File.separator)) {
            return true;
        }
        try {
            Path p = Path.of(s);
            return Files.isDirectory(p) && Files.isRegularFile(p.resolve(ModelSpec.FILE_NAME));
        } catch (InvalidPathException e) {
            return false; // not a usable path, so it can only be a (unknown) name
        }
    }

    private String knownList() {
        List<String> names = names();
        return names.isEmpty() ? "none (no model folders in " + modelsDir + ")" : String.join(", ", names);
    }
}
