package styletransfer.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import styletransfer.BadInputException;

/**
 * The loss after each iteration of a run, read from any of: our {@code --trace} JSON lines ({@code iter},
 * {@code loss}); plain {@code iteration loss} pairs (space, tab or comma between); or L-BFGS-B's verbose
 * lines {@code At iterate N f= X} (scipy's iprint output with Fortran D exponents, or our {@code -v}).
 * Other lines (headers, progress text) are ignored; a file without any loss is bad input.
 *
 * @param losses loss by iteration number, in order
 */
public record LossTrace(Map<Integer, Double> losses) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUMBER = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eEdD][-+]?\\d+)?|nan|NaN|inf|-inf)";
    private static final Pattern PAIR = Pattern.compile("^\\s*(\\d+)\\s*[,\\s]\\s*" + NUMBER + "\\s*$");
    private static final Pattern ITERATE = Pattern.compile("At iterate\\s+(\\d+)\\s+f=\\s*" + NUMBER);

    public LossTrace {
        losses = java.util.Collections.unmodifiableMap(new TreeMap<>(losses));
    }

    public static LossTrace read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read trace " + file + " (" + e.getMessage() + ")", e);
        }
        return parse(lines, file.toString());
    }

    static LossTrace parse(List<String> lines, String name) {
        Map<Integer, Double> losses = new TreeMap<>();
        for (String line : lines) {
            String t = line.trim();
            if (t.startsWith("{")) {
                try {
                    JsonNode n = JSON.readTree(t);
                    if (n.has("iter") && n.has("loss")) {
                        losses.put(n.get("iter").asInt(), n.get("loss").asDouble());
                    }
                } catch (IOException e) {
                    // not a JSON line after all: ignored like any other text
                }
                continue;
            }
            Matcher m = PAIR.matcher(t);
            if (!m.matches()) {
                m = ITERATE.matcher(t);
                if (!m.find()) {
                    continue;
                }
            }
            losses.put(Integer.parseInt(m.group(1)), number(m.group(2)));
        }
        if (losses.isEmpty()) {
            throw new BadInputException(name + " holds no losses: expected --trace JSON lines, 'iteration loss' "
                    + "pairs, or 'At iterate N f= X' lines");
        }
        return new LossTrace(losses);
    }

    private static double number(String s) {
        return switch (s) {
            case "nan", "NaN" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s.replace('d', 'e').replace('D', 'e'));
        };
    }

    /**
     * The largest relative difference |a - b| / max(|a|, |b|) over the iterations both traces have (0 when equal;
     * NaN or infinity on one side only counts as 1, the largest possible).
     *
     * @param iteration where it is largest
     * @param common    how many iterations both traces have
     */
    public record Difference(double largest, int iteration, int common, int onlyFirst, int onlySecond) {}

    public Difference compare(LossTrace other) {
        return compare(other, Integer.MAX_VALUE);
    }

    /** As {@link #compare(LossTrace)} over the common iterations up to {@code lastIteration} only. */
    public Difference compare(LossTrace other, int lastIteration) {
        double largest = -1;
        int at = -1;
        int common = 0;
        for (Map.Entry<Integer, Double> e : losses.entrySet()) {
            if (e.getKey() > lastIteration) {
                break;
            }
            Double b = other.losses.get(e.getKey());
            if (b == null) {
                continue;
            }
            common++;
            double d = relative(e.getValue(), b);
            if (d > largest) {
                largest = d;
                at = e.getKey();
            }
        }
        if (common == 0) {
            throw new BadInputException("the traces share no iteration number" + (lastIteration < Integer.MAX_VALUE
                    ? " up to " + lastIteration : "") + " (first has " + losses.keySet().iterator().next()
                    + ".., second " + other.losses.keySet().iterator().next() + "..)");
        }
        return new Difference(largest, at, common, losses.size() - common, other.losses.size() - common);
    }

    /** The number of the last iteration in the trace. */
    public int lastIteration() {
        return java.util.Collections.max(losses.keySet());
    }

    /** The loss after the last iteration in the trace. */
    public double finalLoss() {
        return losses.get(lastIteration());
    }

    /** |a - b| / max(|a|, |b|): 0 when equal, 1 (the largest) when only one side is NaN or either is infinite. */
    public static double relative(double a, double b) {
        if (a == b) {
            return 0;
        }
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : 1;
        }
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return Double.isInfinite(scale) ? 1 : Math.abs(a - b) / scale;
    }
}
