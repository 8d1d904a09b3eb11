package styletransfer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static styletransfer.model.NpyTest.assertBad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;

class ModelCatalogTest {
    @TempDir
    Path tmp;
    Path models;
    ModelCatalog catalog;

    private static final String JSON = """
            {"prototxt": "net.prototxt", "weights": "w.caffemodel", "mean": [1, 2, 3],
             "content": {"conv2": 1}, "style": {"conv1": 1}}""";

    @BeforeEach
    void setUp() throws IOException {
        models = tmp.resolve("models");
        model(models.resolve("alpha"));
        model(models.resolve("beta"));
        Files.createDirectories(models.resolve("notes")); // no model.json: not a model
        Files.writeString(models.resolve("README.md"), "not a folder");
        catalog = new ModelCatalog(models);
    }

    @Test
    void namesAreTheFoldersHoldingModelJson() {
        assertEquals(List.of("alpha", "beta"), catalog.names());
        assertEquals(List.of(), new ModelCatalog(tmp.resolve("absent")).names());
    }

    @Test
    void namesAreLowerCasedLikeTheReference() {
        assertEquals("alpha", catalog.resolve("ALPHA").name());
        assertEquals(models.resolve("beta"), catalog.resolve("beta").directory());
    }

    @Test
    void aMixedCaseFolderIsFoundByTheNameItIsListedUnder() throws IOException {
        model(models.resolve("MyNet"));
        assertTrue(catalog.names().contains("MyNet"));
        assertEquals(models.resolve("MyNet"), catalog.resolve("MyNet").directory());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        BadInputException e = assertThrows(BadInputException.class, () -> catalog.resolve("gamma"));
        assertTrue(e.getMessage().contains("unknown model \"gamma\"; known models: alpha, beta"), e.getMessage());
        assertBad(() -> catalog.resolve("notes"), "unknown model \"notes\"");
        assertBad(() -> catalog.resolve(" "), "no model given; use one of: alpha, beta");
        assertBad(() -> new ModelCatalog(tmp.resolve("absent")).resolve("x"), "none (no model folders");
    }

    @Test
    void aPathSelectsAFolderAnywhere() throws IOException {
        Path elsewhere = model(tmp.resolve("work/my-net"));
        assertEquals("my-net", catalog.resolve(elsewhere.toString()).name());
        assertBad(() -> catalog.resolve(tmp.resolve("work/none").toString()), "does not exist");
        Files.createDirectories(tmp.resolve("work/empty"));
        assertBad(() -> catalog.resolve(tmp.resolve("work/empty").toString()), "holds no model.json");
    }

    private static Path model(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), JSON);
        Files.writeString(dir.resolve("net.prototxt"), "name: \"net\"\n");
        return dir;
    }
}
