package styletransfer.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import styletransfer.image.Image;

/** The comparison picture, read back: its size, and each panel where the layout puts it. */
class ComparisonReportTest {
    static final int H = 40;
    static final int W = 48;

    @Test
    void imagesHeatMapAndChartsAreWhereTheLayoutSays() {
        Image a = smooth();
        Image b = withPatch(a);
        ComparisonReport.Content c = content(a, b, true);
        ComparisonReport.Layout l = ComparisonReport.layout(c);
        BufferedImage report = ComparisonReport.draw(c);

        assertEquals(l.width(), report.getWidth());
        assertEquals(l.height(), report.getHeight());
        assertPixelsAt(report, a, l.a());
        assertPixelsAt(report, b, l.b());

        // The patch (rows 2-12, columns 3-14 of 40x48) differs by about 255: the map's brightest colour, drawn in
        // the top left of the plot (the image's first row on top), not in the legend's colour bar to the right.
        ComparisonReport.Panel d = l.difference();
        int right = d.x() + d.width() - 150; // the colour scale is in the last 150 pixels
        List<int[]> bright = new ArrayList<>();
        int minX = Integer.MAX_VALUE;
        int maxX = -1;
        int minY = Integer.MAX_VALUE;
        int maxY = -1;
        long black = 0;
        for (int y = d.y(); y < d.y() + d.height(); y++) {
            for (int x = d.x(); x < right; x++) {
                Color p = new Color(report.getRGB(x, y));
                boolean isBright = near(p, ComparisonReport.HEAT[3], 30);
                boolean isBlack = near(p, Color.BLACK, 10);
                if (isBright) {
                    bright.add(new int[] {x, y});
                }
                if (isBlack) {
                    black++;
                }
                if (isBright || isBlack) { // the plot: no difference, or the largest
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        assertTrue(bright.size() > 100, bright.size() + " bright pixels");
        assertTrue(black > 4 * bright.size(), "most of the map shows no difference: " + black);
        int midX = (minX + maxX) / 2;
        int midY = (minY + maxY) / 2;
        long topLeft = bright.stream().filter(p -> p[0] < midX && p[1] < midY).count();
        assertEquals(bright.size(), topLeft, "the difference is in the top left quarter of the plot");

        // the loss curves in their panel, in their series' colours; none of that outside the chart panels
        assertTrue(count(report, l.loss(), ComparisonReport.SERIES_B) > 50, "B's loss curve");
        assertTrue(count(report, l.lossDiff(), ComparisonReport.INK) > 50, "the difference curve");
        assertEquals(0, count(report, l.figures(), ComparisonReport.SERIES_B));
    }

    @Test
    void withoutTracesTheReportEndsAfterTheFigures() {
        Image a = smooth();
        ComparisonReport.Content c = content(a, withPatch(a), false);
        ComparisonReport.Layout l = ComparisonReport.layout(c);
        BufferedImage report = ComparisonReport.draw(c);
        assertNull(l.loss());
        assertNull(l.lossDiff());
        assertEquals(l.figures().y() + l.figures().height() + ComparisonReport.MARGIN, report.getHeight());
        assertPixelsAt(report, a, l.a());
    }

    @Test
    void largeImagesAreScaledDownIntoTheirBox() {
        Image big = new Image(800, 1200, new double[3 * 800 * 1200]);
        ComparisonReport.Layout l = ComparisonReport.layout(content(big, big, false));
        assertEquals(ComparisonReport.IMAGE_BOX, l.a().width());
        assertEquals(Math.round(800 * (double) ComparisonReport.IMAGE_BOX / 1200), l.a().height());
        assertNotNull(ComparisonReport.draw(content(big, big, false)));
    }

    static void assertPixelsAt(BufferedImage report, Image image, ComparisonReport.Panel p) {
        assertEquals(image.width(), p.width());
        assertEquals(image.height(), p.height());
        double[] v = ImageMetrics.eightBit(image);
        for (int r = 0; r < image.height(); r++) {
            for (int col = 0; col < image.width(); col++) {
                int i = 3 * (r * image.width() + col);
                int want = ((int) v[i] << 16) | ((int) v[i + 1] << 8) | (int) v[i + 2];
                assertEquals(want, report.getRGB(p.x() + col, p.y() + r) & 0xFFFFFF, "pixel " + r + "," + col);
            }
        }
    }

    private static long count(BufferedImage img, ComparisonReport.Panel p, Color color) {
        long n = 0;
        for (int y = p.y(); y < p.y() + p.height(); y++) {
            for (int x = p.x(); x < p.x() + p.width(); x++) {
                if (near(new Color(img.getRGB(x, y)), color, 12)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(Color a, Color b, int tolerance) {
        return Math.abs(a.getRed() - b.getRed()) <= tolerance && Math.abs(a.getGreen() - b.getGreen()) <= tolerance
                && Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
    }

    static ComparisonReport.Content content(Image a, Image b, boolean traces) {
        Agreement.Tolerances t = new Agreement.Tolerances(30, 0.95, 255, 0.01, 0.005, 50, 10);
        LossTrace ta = traces ? trace(0) : null;
        LossTrace tb = traces ? trace(0.002) : null;
        Agreement.TraceFigures f = traces ? Agreement.figures(ta, tb, t) : null;
        Agreement.Verdict v = Agreement.judge(ImageMetrics.compare(a, b), f, t);
        return new ComparisonReport.Content("a.png", "b.png", a, b, ta, tb, v, t, List.of("psnr: ...", v.line()));
    }

    private static LossTrace trace(double offset) {
        List<String> lines = new ArrayList<>();
        for (int k = 1; k <= 200; k++) {
            lines.add(k + " " + 1e8 * (1 + 9 * Math.exp(-k / 30.0)) * (1 + (k > 20 ? offset * Math.sin(k) : 0)));
        }
        return LossTrace.parse(lines, "trace");
    }

    /** Mid-grey gradients, away from black and the heat map's colours. */
    static Image smooth() {
        double[] rgb = new double[3 * H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                rgb[3 * (y * W + x)] = 0.3 + 0.3 * y / H;
                rgb[3 * (y * W + x) + 1] = 0.3 + 0.3 * x / W;
                rgb[3 * (y * W + x) + 2] = 0.5;
            }
        }
        return new Image(H, W, rgb);
    }

    /** {@code a} with rows 2-12, columns 3-14 replaced by black and white, a difference of about 255 in red. */
    static Image withPatch(Image a) {
        double[] rgb = a.rgb().clone();
        for (int y = 2; y <= 12; y++) {
            for (int x = 3; x <= 14; x++) {
                rgb[3 * (y * W + x)] = a.rgb()[3 * (y * W + x)] > 0.5 ? 0 : 1;
            }
        }
        return new Image(H, W, rgb);
    }
}
