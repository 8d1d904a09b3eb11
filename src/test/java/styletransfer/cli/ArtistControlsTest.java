package styletransfer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.SharedData;
import styletransfer.image.Colors;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.Rescale;

/** Each artist control changes the picture the way it promises (SqueezeNet, reference images, a few iterations). */
class ArtistControlsTest {
    @TempDir
    Path tmp;

    private static String[] base(Path out, String... more) {
        return withStyle(SharedData.referenceImage("style/starry_night.jpg").toString(), out, more);
    }

    private static String[] withStyle(String styles, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "-s", styles,
                "-c", SharedData.referenceImage("content/nanjing.jpg").toString(),
                "-m", "squeezenet", "--weights", SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel").toString(),
                "-l", "64", "-o", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void originalColorsKeepTheContentsChrominance() {
        Path plain = tmp.resolve("plain.png");
        Path kept = tmp.resolve("kept.png");
        assertEquals(0, Cli.capture(base(plain, "-n", "4")).exit());
        assertEquals(0, Cli.capture(base(kept, "-n", "4", "--original-colors")).exit());
        Image content = ImageReader.read(SharedData.referenceImage("content/nanjing.jpg"));
        Image painted = ImageReader.read(kept);
        Image contentScaled = Rescale.resize(content, painted.height(), painted.width());
        double keptDiff = meanAbsDiff(Colors.chrominance(painted), Colors.chrominance(contentScaled));
        double plainDiff = meanAbsDiff(Colors.chrominance(ImageReader.read(plain)), Colors.chrominance(contentScaled));
        assertTrue(keptDiff < 0.01, "chrominance moved by " + keptDiff);
        assertTrue(plainDiff > 5 * keptDiff, "without the flag the style's colours come in: " + plainDiff);
    }

    @Test
    void tvWeightSmoothsThePicture() {
        Path rough = tmp.resolve("rough.png");
        Path smooth = tmp.resolve("smooth.png");
        assertEquals(0, Cli.capture(base(rough, "-n", "6")).exit());
        Cli.Output r = Cli.capture(base(smooth, "-n", "6", "--tv-weight", "5",
                "--print-every", "6"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Iteration 6: loss"), r.err());
        assertTrue(variation(ImageReader.read(smooth)) < 0.9 * variation(ImageReader.read(rough)));
    }

    @Test
    void layerOverridesReplaceTheModelsLayersAndPrintEveryShowsTheParts() {
        Cli.Output r = Cli.capture(base(tmp.resolve("o.png"), "-n", "2",
                "--content-layers", "fire2/concat:1", "--style-layers", "conv1:0.5,fire3/concat:0.5",
                "--print-every", "1"));
        assertEquals(0, r.exit(), r.err());
        String line = r.err().lines().filter(l -> l.startsWith("Iteration 2:")).findFirst().orElseThrow();
        assertTrue(line.contains("content") && line.contains("(fire2/concat "), line);
        assertTrue(line.contains("(conv1 ") && line.contains("fire3/concat "), line);
        assertTrue(!line.contains("fire5/concat") && !line.contains("fire7/concat"), line);
    }

    @Test
    void saveEveryWritesNumberedSnapshots() {
        Path out = tmp.resolve("snap.png");
        assertEquals(0, Cli.capture(base(out, "-n", "4", "--save-every", "2")).exit());
        for (int k : new int[] {2, 4}) {
            Path snap = tmp.resolve("snap-iter" + k + ".png");
            assertTrue(Files.exists(snap), snap.toString());
            assertEquals(ImageReader.read(out).height(), ImageReader.read(snap).height());
        }
        assertTrue(Files.notExists(tmp.resolve("snap-iter3.png")));
    }

    @Test
    void blendedStylesNeedOneWeightEach() {
        Path starry = SharedData.referenceImage("style/starry_night.jpg");
        Cli.Output bad = Cli.capture(withStyle(starry + "," + starry, tmp.resolve("b.png"),
                "-n", "1", "--style-blend", "1"));
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("error: --style-blend needs one weight per style image"), bad.err());
        Cli.Output ok = Cli.capture(withStyle(
                starry + "," + SharedData.referenceImage("png/johannesburg.png"), tmp.resolve("b.png"),
                "-n", "2", "--style-blend", "7,3"));
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void scalesRunCoarseToFineAndEndAtTheFinestSize() {
        Path out = tmp.resolve("ms.png");
        Cli.Output r = Cli.capture(base(out, "-n", "2", "--scales", "300,400"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Scale 1 of 2: -l 300") && r.err().contains("Scale 2 of 2: -l 400"), r.err());
        assertTrue(r.err().contains("Ran 4 iterations"), r.err());
        Image painted = ImageReader.read(out);
        assertEquals(400, Math.max(painted.height(), painted.width()));
    }

    @Test
    void adamLowersTheLoss() throws IOException {
        Path trace = tmp.resolve("adam.jsonl");
        Cli.Output r = Cli.capture(base(tmp.resolve("adam.png"), "-n", "8",
                "--optimizer", "adam", "--learning-rate", "4", "--trace", trace.toString()));
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(trace);
        assertEquals(8, lines.size());
        ObjectMapper json = new ObjectMapper();
        double first = json.readTree(lines.get(0)).get("loss").asDouble();
        double last = json.readTree(lines.get(7)).get("loss").asDouble();
        assertTrue(last < 0.8 * first, first + " -> " + last);
    }

    @Test
    void styleScaleSetsTheStyleImagesWorkingSize() {
        int[] shape = {1, 3, 227, 227};
        var reference = styletransfer.transfer.StyleTransfer.sizes(shape, 448, 576, 427, 640, 512, 1.2);
        var larger = styletransfer.transfer.StyleTransfer.sizes(shape, 448, 576, 427, 640, 512, 2.4);
        assertEquals(reference.contentWidth(), larger.contentWidth());
        assertEquals(614, reference.styleWidth());
        assertEquals(1229, larger.styleWidth(), 1);
        Cli.Output bad = Cli.capture(base(tmp.resolve("x.png"), "--style-scale", "0"));
        assertEquals(2, bad.exit());
    }

    private static double meanAbsDiff(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += Math.abs(a[i] - b[i]);
        }
        return s / a.length;
    }

    /** Mean absolute difference of horizontally and vertically adjacent samples. */
    private static double variation(Image im) {
        double s = 0;
        double[] v = im.rgb();
        int w = im.width();
        for (int y = 0; y + 1 < im.height(); y++) {
            for (int x = 0; x + 1 < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * w + x) * 3 + c;
                    s += Math.abs(v[i + 3] - v[i]) + Math.abs(v[i + 3 * w] - v[i]);
                }
            }
        }
        return s / v.length;
    }
}
