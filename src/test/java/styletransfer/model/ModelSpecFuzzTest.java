package styletransfer.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.Mutations;

/** Damaged model.json files: each loads or is refused with a BadInputException, nothing else. */
class ModelSpecFuzzTest {
    static final int CASES = Mutations.cases(1500);

    private static final String VALID = """
            {
              "prototxt": "deploy.prototxt",
              "weights": "net.caffemodel",
              "mean": [104.0069879317889, 116.66876761696767, 122.6789143406786],
              "content": {"fire5/concat": 1},
              "style": {"conv1": 0.2, "fire2/concat": 0.2, "fire3/concat": 0.2},
              "weightsUrl": "https://example.org/net.caffemodel",
              "weightsSha1": "4b231de52be6eed89940204a3ea3cc4df2452cf1"
            }
            """;

    @TempDir
    Path dir;

    @Test
    void mutatedModelJsonLoadsOrIsRefusedCleanly() throws IOException {
        Mutations mutations = new Mutations(5L);
        Path folder = Files.createDirectories(dir.resolve("net"));
        Files.writeString(folder.resolve("deploy.prototxt"), "name: \"net\"\n"); // load checks it exists
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] bytes = mutations.text(VALID);
            Files.write(folder.resolve("model.json"), bytes);
            try {
                ModelSpec spec = ModelSpec.load(folder);
                assertTrue(spec.meanBgr().length == 3);
                loaded++;
            } catch (BadInputException e) {
                refused++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + " threw " + e + " on: " + new String(bytes), e);
            }
        }
        System.out.println("fuzz: ModelSpec.load " + CASES + " cases: " + loaded + " loaded, " + refused + " refused");
        assertTrue(loaded > 0 && refused > 0, "the mutations reach both outcomes");
    }
}
