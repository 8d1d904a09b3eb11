package styletransfer.caffe;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.Mutations;
import styletransfer.SharedData;

/**
 * Damaged prototxts and caffemodels (mutations of SqueezeNet's): each loads or is refused with a
 * BadInputException. A Caffe CHECK failure would abort the test JVM, so the case about to run is kept in
 * target/ first, to be found after a crash.
 */
class NetDescriptionFuzzTest {
    /** -Dfuzz.scale=K -Dfuzz.seed=S explore further than the default run. */
    static final int PROTOTXT_CASES = Mutations.cases(600);
    static final int CAFFEMODEL_CASES = Mutations.cases(150);

    @TempDir
    Path dir;

    @Test
    void mutatedPrototxtsParseOrAreRefusedCleanly() throws IOException {
        String seed = Files.readString(SharedData.squeezenetDir().resolve("deploy.prototxt"));
        Mutations mutations = new Mutations(7L);
        Path lastCase = Files.createDirectories(Path.of("target")).resolve("fuzz-last-case.prototxt");
        int parsed = 0;
        int refused = 0;
        for (int i = 0; i < PROTOTXT_CASES; i++) {
            byte[] bytes = mutations.text(seed);
            Files.write(lastCase, bytes);
            Path file = Files.write(dir.resolve("case.prototxt"), bytes);
            try {
                NetDescription d = NetDescription.parse(file);
                assertTrue(d.layers().stream().allMatch(l -> d.blobShapes().keySet().containsAll(l.tops())),
                        "every top is a blob of the built net");
                parsed++;
            } catch (BadInputException e) {
                refused++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + " (" + lastCase + ") threw " + e, e);
            }
        }
        Files.deleteIfExists(lastCase);
        System.out.println("fuzz: NetDescription.parse " + PROTOTXT_CASES + " cases: " + parsed + " parsed, "
                + refused + " refused");
        assertTrue(parsed > 0 && refused > 0, "the mutations reach both outcomes");
    }

    @Test
    void mutatedCaffemodelsLoadMismatchOrAreRefusedCleanly() throws IOException {
        NetDescription net = NetDescription.parse(SharedData.squeezenetDir().resolve("deploy.prototxt"));
        byte[] seed = Files.readAllBytes(SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel"));
        Mutations mutations = new Mutations(11L);
        Path file = dir.resolve("case.caffemodel");
        int fit = 0;
        int mismatched = 0;
        int refused = 0;
        for (int i = 0; i < CAFFEMODEL_CASES; i++) {
            Files.write(file, mutations.binary(seed));
            try {
                List<WeightMismatch> problems = net.checkWeights(file);
                if (problems.isEmpty()) {
                    fit++;
                } else {
                    mismatched++;
                }
            } catch (BadInputException e) {
                refused++;
            } catch (RuntimeException | Error e) {
                fail("case " + i + " threw " + e, e);
            }
        }
        System.out.println("fuzz: NetDescription.checkWeights " + CAFFEMODEL_CASES + " cases: " + fit + " fit, "
                + mismatched + " mismatched, " + refused + " refused");
        assertTrue(refused > 0 && fit + mismatched > 0, "the mutations reach both outcomes");
    }
}
