package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void identicalImagesGiveANullPsnrAndTheIdenticalFlagInJson() throws IOException {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0, 0));
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString(), "--json"));
        assertEquals(Main.OK, run.exit(), run.err());
        JsonNode r = BatchCommandTest.jsonLines(run.out()).get(0);
        assertTrue(r.get("psnr").isNull(), r.toString()); // was the string "inf", a number otherwise
        assertTrue(r.get("identical").asBoolean(), r.toString());
        assertEquals("pixels", r.get("criterion").asText());

        Path c = png("c.png", picture(32, 40, 0.25, 1));
        JsonNode d = BatchCommandTest.jsonLines(Cli.capture(List.of("compare", a.toString(), c.toString(), "--json"))
                .out()).get(0);
        assertTrue(d.get("psnr").isNumber() && !d.get("identical").asBoolean(), d.toString());
    }

    @Test
    void imagesAloneAreJudgedByPixelsAndTheVerdictSaysSo() {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0.25, 1));
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString()));
        assertEquals(Main.FAILED, run.exit(), run.out());
        String verdict = lastLine(run.out());
        assertTrue(verdict.startsWith("NOT within tolerance (judged by pixels") && verdict.contains("--traces"), verdict);
    }

    /** The case: pixels parted after 512 iterations of a perfect port, losses close. */
    @Test
    void aLongRunWithTracesIsJudgedByItsLossesNotItsPixels() throws IOException {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0.25, 1));
        Path ta = trace("a.jsonl", 512, 0, 0, true);
        Path tb = trace("b.log", 512, 2e-6, 7.3e-4, false);
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString(), "--traces", ta.toString(),
                tb.toString()));
        assertEquals(Main.OK, run.exit(), run.out());
        assertTrue(run.out().contains("(min 30): not judged (judged by losses)"), run.out());
        assertTrue(run.out().contains("max relative loss difference up to iteration 10: 2.000e-06"), run.out());
        assertTrue(run.out().contains("relative difference 7.295e-04 (max 0.005): ok"), run.out());
        assertTrue(lastLine(run.out()).startsWith("within tolerance (a 512-iteration run, judged by its losses: "
                + "iterations up to 10 and the final loss; pixels are not judged"), run.out());

        Path off = trace("off.log", 512, 0, 0.02, false);
        Cli.Output bad = Cli.capture(List.of("compare", a.toString(), b.toString(), "--traces", ta.toString(),
                off.toString(), "--json"));
        assertEquals(Main.FAILED, bad.exit(), bad.out());
        JsonNode r = BatchCommandTest.jsonLines(bad.out()).get(0);
        assertEquals("losses", r.get("criterion").asText());
        assertEquals(512, r.get("run_iterations").asInt());
        assertEquals(0.02 / 1.02, r.get("final_loss_diff").asDouble(), 1e-9);
        assertTrue(r.get("verdict").asText().startsWith("NOT within tolerance (a 512-iteration run"), r.toString());
    }

    @Test
    void aShortRunWithTracesIsStillJudgedByItsPixels() throws IOException {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0.25, 1));
        Path ta = trace("a.jsonl", 25, 0, 0, true);
        Path tb = trace("b.log", 25, 0, 0, false);
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString(), "--traces", ta.toString(),
                tb.toString()));
        assertEquals(Main.FAILED, run.exit(), run.out());
        assertTrue(lastLine(run.out()).startsWith("NOT within tolerance (a 25-iteration run, judged by pixels and the"
                + " losses of iterations up to 10"), run.out());
        // the same run called long by a lower --short-run is judged by its (equal) losses
        Cli.Output asLong = Cli.capture(List.of("compare", a.toString(), b.toString(), "--traces", ta.toString(),
                tb.toString(), "--short-run", "10"));
        assertEquals(Main.OK, asLong.exit(), asLong.out());
    }

    @Test
    void longTracesAloneAreJudgedByTheirStartAndTheirEnd() throws IOException {
        Path ta = trace("a.jsonl", 512, 0, 0, true);
        List<String> lines = new java.util.ArrayList<>();
        for (int k = 0; k <= 512; k++) {
            lines.add(k + " " + loss(k) * (k > 15 && k < 60 ? 1.02 : 1)); // another path between, same end
        }
        Path tb = Files.write(dir.resolve("b.txt"), lines);
        Cli.Output run = Cli.capture(List.of("compare", ta.toString(), tb.toString()));
        assertEquals(Main.OK, run.exit(), run.out());
        assertTrue(lastLine(run.out()).contains("judged by its losses"), run.out());
    }

    @Test
    void badReportTraceAndShortRunArgumentsAreExitCodeTwo() throws IOException {
        Path a = png("a.png", picture(32, 40, 0, 0));
        Path b = png("b.png", picture(32, 40, 0, 0));
        Path ta = trace("a.jsonl", 5, 0, 0, true);
        for (List<String> extra : List.of(List.of("--report", dir.resolve("r.txt").toString()),
                List.of("--traces", ta.toString(), dir.resolve("absent.log").toString()),
                List.of("--short-run", "-1"),
                List.of("--traces", ta.toString(), ta.toString(), "--traces", ta.toString(), ta.toString()))) {
            List<String> args = new java.util.ArrayList<>(List.of("compare", a.toString(), b.toString()));
            args.addAll(extra);
            Cli.Output run = Cli.capture(args);
            assertEquals(Main.BAD_INPUT, run.exit(), extra + ": " + run.out());
            assertTrue(run.err().startsWith("error: ") && run.err().strip().lines().count() == 1, run.err());
        }
        Cli.Output tracesTwice = Cli.capture(List.of("compare", ta.toString(), ta.toString(), "--traces",
                ta.toString(), ta.toString()));
        assertEquals(Main.BAD_INPUT, tracesTwice.exit(), tracesTwice.err());
        assertTrue(tracesTwice.err().contains("--traces goes with two images"), tracesTwice.err());
        assertFalse(Files.exists(dir.resolve("r.txt")));
    }

    @Test
    void reportIsOnePictureWithBothImagesWhereTheLayoutPutsThem() throws IOException {
        Image first = picture(32, 40, 0, 0);
        Path a = png("a.png", first);
        Path b = png("b.png", picture(32, 40, 0.25, 1));
        Path ta = trace("a.jsonl", 60, 0, 0, true);
        Path tb = trace("b.log", 60, 1e-5, 1e-3, false);
        Path report = dir.resolve("out/report.png");
        Cli.Output run = Cli.capture(List.of("compare", a.toString(), b.toString(), "--traces", ta.toString(),
                tb.toString(), "--report", report.toString()));
        assertEquals(Main.OK, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("report: " + report), run.out());
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(report.toFile());
        styletransfer.compare.ComparisonReport.Layout l = styletransfer.compare.ComparisonReport.layout(
                new styletransfer.compare.ComparisonReport.Content("a.png", "b.png", first, first, null, null, null,
                        null, List.of("x")));
        assertTrue(read.getWidth() >= 960 && read.getHeight() > l.a().y() + l.a().height() + 300,
                read.getWidth() + "x" + read.getHeight());
        for (int r = 0; r < 32; r++) {
            for (int c = 0; c < 40; c++) {
                int want = 0;
                for (int ch = 0; ch < 3; ch++) {
                    want = want << 8 | (int) Math.rint(first.get(r, c, ch) * 255);
                }
                assertEquals(want, read.getRGB(l.a().x() + c, l.a().y() + r) & 0xFFFFFF, r + "," + c);
            }
        }
    }

    private static String lastLine(String out) {
        List<String> lines = out.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    /** Shaped like a run's loss: a fast fall, then flat. */
    private static double loss(int k) {
        return 2.5e7 * (1 + 9 * Math.exp(-k / 40.0));
    }

    /** Losses 0..n, offset by {@code early} up to iteration 10 and by {@code last} at n; ours or "iteration loss". */
    private Path trace(String name, int n, double early, double last, boolean ours) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (int k = 0; k <= n; k++) {
            double v = loss(k) * (1 + (k <= 10 ? early : k == n ? last : 0));
            lines.add(ours ? "{\"iter\":" + k + ",\"loss\":" + v + "}" : k + " " + v);
        }
        return Files.write(dir.resolve(name), lines);
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
