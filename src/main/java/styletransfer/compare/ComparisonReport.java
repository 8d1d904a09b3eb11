package styletransfer.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import styletransfer.image.Image;

/**
 * One picture for comparing two runs: both images, their per-pixel difference as a heat map with its colour
 * scale, the figures and the verdict as {@code compare} prints them, and, given the traces, both loss curves
 * (log scale) and their relative difference per iteration. The charts are XChart's; the images are drawn
 * unscaled when they fit in {@link #IMAGE_BOX} pixels, else scaled down to fit.
 */
public final class ComparisonReport {
    /** Largest side of an image panel. */
    public static final int IMAGE_BOX = 320;
    static final int MARGIN = 12;
    static final int GAP = 16;
    static final int CAPTION = 22;
    static final int LINE = 18;
    static final int CHART_HEIGHT = 300;
    static final int MIN_WIDTH = 960;
    static final Color BACKGROUND = Color.WHITE;
    static final Color INK = new Color(0x20, 0x20, 0x20);
    static final Color FAIL = new Color(0xC0, 0x10, 0x10);
    static final Color SERIES_A = new Color(0x1F, 0x77, 0xB4);
    static final Color SERIES_B = new Color(0xFF, 0x7F, 0x0E);
    /** The heat map's colours, from no difference to the largest: black, purple, orange, yellow. */
    static final Color[] HEAT = {Color.BLACK, new Color(0x6A, 0x00, 0xA8), new Color(0xE1, 0x64, 0x1E),
            new Color(0xFC, 0xFF, 0xA4)};

    private ComparisonReport() {}

    /** Where a panel is in the report, in pixels from the top left corner. */
    public record Panel(int x, int y, int width, int height) {}

    /**
     * The report's size and panels; a panel is null when the report has none (no images, or no traces).
     *
     * @param a, b        the images, at their drawn size
     * @param difference  the heat map chart
     * @param figures     the text of the figures and the verdict
     * @param loss        the loss curves
     * @param lossDiff    the relative loss difference per iteration
     */
    public record Layout(int width, int height, Panel a, Panel b, Panel difference, Panel figures, Panel loss,
                         Panel lossDiff) {}

    /**
     * What the report shows; images or traces may be absent (null), not both.
     *
     * @param nameA, nameB what the inputs are called (file names)
     * @param lines        the figures and the verdict line, as compare prints them
     */
    public record Content(String nameA, String nameB, Image a, Image b, LossTrace traceA, LossTrace traceB,
                          Agreement.Verdict verdict, Agreement.Tolerances tolerances, List<String> lines) {
        public Content {
            lines = List.copyOf(lines);
            if ((a == null) != (b == null) || (traceA == null) != (traceB == null) || (a == null && traceA == null)) {
                throw new IllegalArgumentException("a report needs two images, two traces, or both");
            }
        }
    }

    /** The drawn size of an image: unscaled when it fits the box, else scaled down keeping its aspect. */
    static double scale(Image image) {
        return Math.min(1.0, Math.min((double) IMAGE_BOX / image.width(), (double) IMAGE_BOX / image.height()));
    }

    public static Layout layout(Content c) {
        int y = MARGIN;
        Panel a = null;
        Panel b = null;
        Panel difference = null;
        int rowWidth = 0;
        if (c.a() != null) {
            double s = scale(c.a());
            int w = Math.max(1, (int) Math.round(c.a().width() * s));
            int h = Math.max(1, (int) Math.round(c.a().height() * s));
            int box = Math.max(w, 200);
            a = new Panel(MARGIN, y + CAPTION, w, h);
            b = new Panel(MARGIN + box + GAP, y + CAPTION, w, h);
            // The plot about the image's size, and room for the title and the colour scale beside it.
            difference = new Panel(MARGIN + 2 * (box + GAP), y, Math.max(w, 200) + 150, Math.max(h, 150) + 50);
            rowWidth = difference.x() + difference.width() + MARGIN;
            y += Math.max(h + CAPTION, difference.height()) + GAP;
        }
        int width = Math.max(MIN_WIDTH, rowWidth);
        Panel figures = new Panel(MARGIN, y, width - 2 * MARGIN, wrap(c.lines(), width - 2 * MARGIN).size() * LINE
                + LINE / 2);
        y += figures.height() + GAP;
        Panel loss = null;
        Panel lossDiff = null;
        if (c.traceA() != null) {
            int half = (width - 2 * MARGIN - GAP) / 2;
            loss = new Panel(MARGIN, y, half, CHART_HEIGHT);
            lossDiff = new Panel(MARGIN + half + GAP, y, half, CHART_HEIGHT);
            y += CHART_HEIGHT + GAP;
        }
        return new Layout(width, y - GAP + MARGIN, a, b, difference, figures, loss, lossDiff);
    }

    public static BufferedImage draw(Content c) {
        Layout l = layout(c);
        BufferedImage out = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, l.width(), l.height());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            if (c.a() != null) {
                image(g, c.a(), l.a(), "A: " + c.nameA());
                image(g, c.b(), l.b(), "B: " + c.nameB());
                paint(g, heatMap(c.a(), c.b(), l.difference()), l.difference());
            }
            figures(g, c, l.figures());
            if (c.traceA() != null) {
                paint(g, lossChart(c, l.loss()), l.loss());
                paint(g, differenceChart(c, l.lossDiff()), l.lossDiff());
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    private static void image(Graphics2D g, Image image, Panel p, String caption) {
        g.setColor(INK);
        g.drawString(clip(g, caption, Math.max(p.width(), 200)), p.x(), p.y() - 6);
        BufferedImage pixels = toBufferedImage(image);
        if (p.width() == image.width() && p.height() == image.height()) {
            g.drawImage(pixels, p.x(), p.y(), null);
        } else {
            Graphics2D s = (Graphics2D) g.create();
            s.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            s.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            s.drawImage(pixels, p.x(), p.y(), p.width(), p.height(), null);
            s.dispose();
        }
    }

    /** The 8-bit pixels as the files hold them (see {@link ImageMetrics#eightBit}). */
    static BufferedImage toBufferedImage(Image image) {
        double[] v = ImageMetrics.eightBit(image);
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < image.height(); r++) {
            for (int col = 0; col < image.width(); col++) {
                int i = 3 * (r * image.width() + col);
                out.setRGB(col, r, ((int) v[i] << 16) | ((int) v[i + 1] << 8) | (int) v[i + 2]);
            }
        }
        return out;
    }

    /**
     * The largest channel difference per pixel; when the image is drawn scaled down, the largest in each block
     * of pixels one cell stands for, so no difference vanishes from the map.
     */
    static HeatMapChart heatMap(Image a, Image b, Panel p) {
        int[] map = ImageMetrics.differenceMap(a, b);
        int block = (int) Math.ceil(1 / scale(a));
        int cols = (a.width() + block - 1) / block;
        int rows = (a.height() + block - 1) / block;
        int[][] heat = new int[cols][rows];
        int max = 0;
        for (int r = 0; r < a.height(); r++) {
            for (int col = 0; col < a.width(); col++) {
                int d = map[r * a.width() + col];
                // XChart's y axis points up: the image's first row is the top cell.
                int y = rows - 1 - r / block;
                heat[col / block][y] = Math.max(heat[col / block][y], d);
                max = Math.max(max, d);
            }
        }
        int[] xs = new int[cols];
        for (int i = 0; i < cols; i++) {
            xs[i] = i;
        }
        int[] ys = new int[rows];
        for (int i = 0; i < rows; i++) {
            ys[i] = i;
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(p.width()).height(p.height())
                .title("|A - B| per pixel (8-bit)").build();
        chart.getStyler().setRangeColors(HEAT);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(Math.max(1, max));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setDrawBorder(false);
        chart.getStyler().setAntiAlias(false);
        chart.getStyler().setPlotContentSize(1.0);
        chart.getStyler().setHeatMapDecimalValueFormatter(v -> Long.toString(Math.round(v)));
        chart.getStyler().setDecimalPattern("0");
        style(chart.getStyler());
        chart.addSeries("difference", xs, ys, heat);
        return chart;
    }

    static XYChart lossChart(Content c, Panel p) {
        XYChart chart = new XYChartBuilder().width(p.width()).height(p.height()).title("Loss per iteration")
                .xAxisTitle("iteration").yAxisTitle("loss (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        style(chart.getStyler());
        iterations(chart);
        line(chart, "A", c.traceA().losses(), SERIES_A, v -> v > 0 && Double.isFinite(v));
        line(chart, "B", c.traceB().losses(), SERIES_B, v -> v > 0 && Double.isFinite(v));
        return chart;
    }

    /** |a - b| / max(|a|, |b|) per common iteration; zeros cannot be drawn on a log scale and are left out. */
    static XYChart differenceChart(Content c, Panel p) {
        Map<Integer, Double> a = c.traceA().losses();
        Map<Integer, Double> b = c.traceB().losses();
        Map<Integer, Double> rel = new java.util.TreeMap<>();
        boolean zeros = false;
        for (Map.Entry<Integer, Double> e : a.entrySet()) {
            Double other = b.get(e.getKey());
            if (other != null) {
                double d = LossTrace.relative(e.getValue(), other);
                if (d > 0) {
                    rel.put(e.getKey(), d);
                } else {
                    zeros = true;
                }
            }
        }
        XYChart chart = new XYChartBuilder().width(p.width()).height(p.height())
                .title("Relative loss difference" + (zeros ? " (zeros not shown)" : ""))
                .xAxisTitle("iteration").yAxisTitle("|A - B| / max(|A|, |B|) (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        style(chart.getStyler());
        iterations(chart);
        line(chart, "A vs B", rel, INK, v -> true);
        // The limit over the early iterations it applies to, and a long run's final loss against its own limit.
        Agreement.Tolerances t = c.tolerances();
        Agreement.TraceFigures f = Agreement.figures(c.traceA(), c.traceB(), t);
        int first = a.keySet().stream().filter(b::containsKey).findFirst().orElse(0);
        XYSeries limit = chart.addSeries("max " + t.maxLossDiff() + " to " + f.earlyLast(),
                new double[] {first, Math.max(f.earlyLast(), first + 1)},
                new double[] {t.maxLossDiff(), t.maxLossDiff()});
        limit.setMarker(SeriesMarkers.NONE);
        limit.setLineColor(FAIL);
        limit.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {6, 4}, 0));
        if (c.verdict().judged(Agreement.FINAL)) {
            double d = f.finalDifference();
            XYSeries fin = chart.addSeries(String.format(java.util.Locale.ROOT, "final %.1e (max %.1e)", d,
                    Agreement.finalLimit(f, t)), new double[] {f.last()}, new double[] {Math.max(d, 1e-16)});
            fin.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            fin.setMarker(SeriesMarkers.DIAMOND);
            fin.setMarkerColor(c.verdict().passed(Agreement.FINAL) ? SERIES_A : FAIL);
        }
        return chart;
    }

    private static void line(XYChart chart, String name, Map<Integer, Double> values, Color color,
                             java.util.function.DoublePredicate keep) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        values.forEach((k, v) -> {
            if (keep.test(v)) {
                xs.add(k.doubleValue());
                ys.add(v);
            }
        });
        if (xs.isEmpty()) {
            return; // nothing drawable (e.g. identical traces on a log scale)
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(1.5f);
    }

    /**
     * Whole iteration numbers, upright: XChart 4.0.3 puts the ticks of an XY chart at data values and sizes their
     * spacing by the first labels (1, 2, ...), so horizontal labels of later, longer numbers would overlap.
     */
    private static void iterations(XYChart chart) {
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisLabelRotation(90);
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(BACKGROUND);
        s.setPlotBackgroundColor(BACKGROUND);
        s.setChartTitleBoxVisible(false);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartPadding(6);
    }

    private static void paint(Graphics2D g, Chart<?, ?> chart, Panel p) {
        Graphics2D c = (Graphics2D) g.create(p.x(), p.y(), p.width(), p.height());
        try {
            chart.paint(c, p.width(), p.height());
        } finally {
            c.dispose();
        }
    }

    private static void figures(Graphics2D g, Content c, Panel p) {
        Graphics2D t = (Graphics2D) g.create();
        try {
            t.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 13));
            int y = p.y() + LINE - 4;
            for (String line : wrap(c.lines(), p.width())) {
                boolean bad = line.contains("FAIL") || line.startsWith("NOT within");
                t.setColor(bad ? FAIL : INK);
                t.drawString(line, p.x(), y);
                y += LINE;
            }
        } finally {
            t.dispose();
        }
    }

    /** Lines broken at spaces to fit {@code width} pixels of 13-point monospaced text (about 7.8 px a character). */
    static List<String> wrap(List<String> lines, int width) {
        int chars = Math.max(20, width * 10 / 79);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            String rest = line;
            String indent = "";
            while (rest.length() + indent.length() > chars) {
                int cut = rest.lastIndexOf(' ', chars - indent.length());
                if (cut <= 0) {
                    cut = chars - indent.length();
                }
                out.add(indent + rest.substring(0, cut));
                rest = rest.substring(cut).stripLeading();
                indent = "    ";
            }
            out.add(indent + rest);
        }
        return out;
    }

    private static String clip(Graphics2D g, String text, int width) {
        FontMetrics m = g.getFontMetrics();
        if (m.stringWidth(text) <= width) {
            return text;
        }
        String s = text;
        while (s.length() > 1 && m.stringWidth("…" + s) > width) {
            s = s.substring(1);
        }
        return "…" + s;
    }
}
