package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.image.Image;
import styletransfer.image.ImageWriter;

/** {@code style-transfer compare}: exit 0 within tolerance, 1 outside, 2 for inputs that cannot be compared. */
class CompareCommandTest {
    @TempDir
    Path dir;

    @Test
    void identicalImages() {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0, 0));
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString()));
        assertEquals(Main.OK, run.exit(), run.err());
        assertTrue(run.out().contains("psnr: inf dB"), run.out());
        assertTrue(run.out().contains("ssim: 1.00000"), run.out());
        assertTrue(run.out().contains("max pixel difference: 0 of 255"), run.out());
    }

    @Test
    void onePixelChangedPassesByDefaultButNotAStrictPixelLimit() throws IOException {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Image changed = picture(32, 40, 0, 0);
        double[] rgb = changed.rgb();
        rgb[(5 * 40 + 9) * 3] = rgb[(5 * 40 + 9) * 3] > 0.5 ? 0 : 1;
        Path b = png("b.png", new Image(32, 40, rgb));
        Cli.Output loose = Cli.capture(List.of("compare", a.toString(), b.toString(), "--json"));
        assertEquals(Main.OK, loose.exit(), loose.out());
        JsonNode r = BatchCommandTest.jsonLines(loose.out()).get(0);
        assertTrue(r.get("psnr").asDouble() > 30, r.toString());
        Cli.Output strict = Cli.capture(List.of("compare", a.toString(), b.toString(),
                "--max-pixel-diff", "10"));
        assertEquals(Main.FAILED, strict.exit(), strict.out());
        assertTrue(strict.out().contains("at row 5, column 9, red") && strict.out().contains("NOT within tolerance"),
                strict.out());
    }

    @Test
    void noiseLowersPsnrAndSsimBelowTheDefaults() {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0.25, 1));
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString()));
        assertEquals(Main.FAILED, run.exit(), run.out());
        assertTrue(run.out().contains("psnr: ") && run.out().contains("FAIL"), run.out());
    }

    @Test
    void tracesWithinAndOutsideTheLossTolerance() throws IOException {
        Path ours = Files.write(dir.resolve("ours.jsonl"), List.of("{\"iter\":1,\"loss\":1000.0}", "{\"iter\":2,\"loss\":500.0}"));
        Path theirs = Files.write(dir.resolve("theirs.txt"), List.of("1 1000.5", "2 502"));
        Cli.Output run = Cli.capture(List.of("compare", ours.toString(), theirs.toString()));
        assertEquals(Main.OK, run.exit(), run.out()); // 2/502 = 0.4% < 1%
        assertTrue(run.out().contains("at iteration 2"), run.out());
        Cli.Output strict = Cli.capture(List.of("compare", ours.toString(), theirs.toString(),
                "--max-loss-diff", "1e-3"));
        assertEquals(Main.FAILED, strict.exit(), strict.out());
    }

    @Test
    void inputsThatCannotBeComparedAreExitCodeTwo() throws IOException {
        Path small = png("small.png", picture(20, 20, 0, 0));
        Path big = png("big.png", picture(32, 40, 0, 0));
        Path trace = Files.write(dir.resolve("t.txt"), List.of("1 2"));
        for (List<String> args : List.of(List.of(small.toString(), big.toString()),
                List.of(small.toString(), trace.toString()),
                List.of(small.toString(), dir.resolve("absent.png").toString()))) {
            Cli.Output run = Cli.capture(List.of("compare", args.get(0), args.get(1)));
            assertEquals(Main.BAD_INPUT, run.exit(), args + ": " + run.out());
            assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
        }
    }

    private Path png(String name, Image image) {
        Path p = dir.resolve(name);
        ImageWriter.write(image, p);
        return p;
    }

    /** Smooth colours plus, when noise > 0, seeded uniform noise of that amplitude. */
    private static Image picture(int h, int w, double noise, long seed) {
        Random random = new Random(seed);
        double[] rgb = new double[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double v = c == 0 ? y / (h - 1.0) : c == 1 ? x / (w - 1.0) : 0.5;
                    rgb[(y * w + x) * 3 + c] = Math.min(1, Math.max(0, v + noise * (random.nextDouble() - 0.5)));
                }
            }
        }
        return new Image(h, w, rgb);
    }
}
