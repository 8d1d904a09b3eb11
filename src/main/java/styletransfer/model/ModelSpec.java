package styletransfer.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import styletransfer.BadInputException;

/**
 * A model folder's description, read from its {@code model.json}: the net, its weights, the mean pixel and the
 * weighted layers. Paths are resolved against the folder. The layer lists keep the file's order.
 *
 * @param name        the folder's name
 * @param meanBgr     mean pixel value per channel, B, G, R order, subtracted in preprocessing
 * @param weightsUrls where {@link WeightFetcher} downloads the weights from when they are missing, tried in order
 * @param weightsSha1 lower-case hex SHA-1 the downloaded weights must have
 */
public record ModelSpec(String name, Path directory, Path prototxt, Path weights, double[] meanBgr,
                        List<LayerWeight> content, List<LayerWeight> style,
                        List<URI> weightsUrls, Optional<String> weightsSha1) {

    public static final String FILE_NAME = "model.json";

    private static final Set<String> KEYS =
            Set.of("prototxt", "weights", "mean", "content", "style", "weightsUrl", "weightsSha1", "description");
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    // Duplicate keys would silently drop a layer of a map, trailing text usually means a botched edit.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(prototxt, "prototxt");
        Objects.requireNonNull(weights, "weights");
        if (meanBgr.length != 3) {
            throw new IllegalArgumentException("meanBgr needs 3 values, got " + meanBgr.length);
        }
        meanBgr = meanBgr.clone();
        content = List.copyOf(content);
        style = List.copyOf(style);
        weightsUrls = List.copyOf(weightsUrls);
        Objects.requireNonNull(weightsSha1, "weightsSha1");
    }

    /** A model with at most one download URL (model.json's older form). */
    public ModelSpec(String name, Path directory, Path prototxt, Path weights, double[] meanBgr,
                     List<LayerWeight> content, List<LayerWeight> style,
                     Optional<URI> weightsUrl, Optional<String> weightsSha1) {
        this(name, directory, prototxt, weights, meanBgr, content, style, weightsUrl.stream().toList(), weightsSha1);
    }

    /** The first download URL, if there is one. */
    public Optional<URI> weightsUrl() {
        return weightsUrls.stream().findFirst();
    }

    @Override
    public double[] meanBgr() {
        return meanBgr.clone();
    }

    /**
     * The weights at another path (the {@code --weights} option). URL and SHA-1 describe the shipped file, not the
     * user's, so they are dropped: a missing override is reported instead of being replaced by a download.
     */
    public ModelSpec withWeights(Path newWeights) {
        return new ModelSpec(name, directory, prototxt, newWeights.toAbsolutePath().normalize(), meanBgr, content,
                style, List.of(), Optional.empty());
    }

    /** Reads and validates {@code directory/model.json}. Every problem is a one-line {@link BadInputException}. */
    public static ModelSpec load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("model folder " + dir + " does not exist; give a model name or a folder"
                    + " holding " + FILE_NAME);
        }
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir + " holds no " + FILE_NAME + "; a model folder needs one"
                    + " (see models/README.md for its format)");
        }
        JsonNode root = readJson(file);
        if (!root.isObject()) {
            throw bad(file, "must hold a JSON object {\"prototxt\": ..., \"weights\": ..., ...}, found "
                    + kind(root));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw bad(file, "unknown key \"" + key + "\"; allowed keys are " + String.join(", ",
                        List.of("prototxt", "weights", "mean", "content", "style", "weightsUrl", "weightsSha1",
                                "description")));
            }
        }
        Path prototxt = dir.resolve(requireString(file, root, "prototxt"));
        if (!Files.isRegularFile(prototxt)) {
            throw bad(file, "key \"prototxt\" names " + prototxt + ", which does not exist; fix the file name");
        }
        // The weights may be missing: they are downloaded on first use.
        Path weights = dir.resolve(requireString(file, root, "weights"));
        double[] mean = readMean(file, dir, root);
        List<LayerWeight> content = readWeights(file, root, "content");
        List<LayerWeight> style = readWeights(file, root, "style");
        if (style.isEmpty()) {
            throw bad(file, "\"style\" is empty; name at least one blob, e.g. {\"conv1\": 1}");
        }
        List<URI> urls = readUrls(file, root);
        Optional<String> sha1 = optionalString(file, root, "weightsSha1").map(s -> {
            if (!SHA1.matcher(s).matches()) {
                throw bad(file, "\"weightsSha1\" must be 40 hexadecimal digits, got \"" + s + "\"");
            }
            return s.toLowerCase(Locale.ROOT);
        });
        if (root.has("description") && !root.get("description").isTextual()) {
            throw bad(file, "\"description\" must be a string, found " + kind(root.get("description")));
        }
        return new ModelSpec(dir.getFileName().toString(), dir, prototxt, weights, mean, content, style, urls, sha1);
    }

    /** {@code "weightsUrl"}: one URL, or an array of URLs (mirrors) tried in order. */
    private static List<URI> readUrls(Path file, JsonNode root) {
        JsonNode v = root.get("weightsUrl");
        if (v == null) {
            return List.of();
        }
        if (v.isTextual() && !v.asText().isBlank()) {
            return List.of(parseUrl(file, v.asText()));
        }
        if (!v.isArray()) {
            throw bad(file, "\"weightsUrl\" must be a URL or an array of URLs tried in order, found " + kind(v));
        }
        if (v.isEmpty()) {
            throw bad(file, "\"weightsUrl\" is an empty array; give at least one URL, or leave the key out");
        }
        List<URI> urls = new ArrayList<>();
        for (JsonNode u : v) {
            if (!u.isTextual() || u.asText().isBlank()) {
                throw bad(file, "\"weightsUrl\" must hold non-empty strings, found " + kind(u));
            }
            URI uri = parseUrl(file, u.asText());
            if (urls.contains(uri)) {
                throw bad(file, "\"weightsUrl\" lists " + uri + " twice");
            }
            urls.add(uri);
        }
        return urls;
    }

    private static JsonNode readJson(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.isMissingNode()) {
                throw bad(file, "is empty; it must hold a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new BadInputException(file + ": invalid JSON" + where + ": " + oneLine(e.getOriginalMessage())
                    + "; fix the syntax", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + oneLine(e.getMessage()) + ")", e);
        }
    }

    private static double[] readMean(Path file, Path dir, JsonNode root) {
        JsonNode mean = root.get("mean");
        if (mean == null) {
            throw missing(file, "mean");
        }
        if (mean.isTextual()) {
            Path npy = dir.resolve(mean.asText());
            if (!Files.isRegularFile(npy)) {
                throw bad(file, "key \"mean\" names " + npy + ", which does not exist; fix the file name or give"
                        + " the mean as numbers [B, G, R]");
            }
            NpyArray a = Npy.read(npy);
            int[] shape = a.shape();
            if (shape.length != 3 || shape[0] != 3 || shape[1] == 0 || shape[2] == 0) {
                throw bad(file, "the mean file " + npy + " has shape " + java.util.Arrays.toString(shape)
                        + "; it must be 3xHxW (B, G, R planes)");
            }
            return a.channelMeans();
        }
        if (mean.isArray()) {
            if (mean.size() != 3) {
                throw bad(file, "\"mean\" has " + mean.size() + " values; it needs exactly 3: [B, G, R]");
            }
            double[] bgr = new double[3];
            for (int i = 0; i < 3; i++) {
                bgr[i] = finiteNumber(file, "mean[" + i + "]", mean.get(i));
            }
            return bgr;
        }
        throw bad(file, "\"mean\" must be an .npy file name or an array [B, G, R], found " + kind(mean));
    }

    private static List<LayerWeight> readWeights(Path file, JsonNode root, String key) {
        JsonNode map = root.get(key);
        if (map == null) {
            throw missing(file, key);
        }
        if (!map.isObject()) {
            throw bad(file, "\"" + key + "\" must be an object {\"blob\": weight, ...}, found " + kind(map));
        }
        List<LayerWeight> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = key + "." + e.getKey();
            if (e.getKey().isBlank()) {
                throw bad(file, "\"" + key + "\" has an empty blob name; use the blob names of the prototxt");
            }
            double w = finiteNumber(file, where, e.getValue());
            if (w < 0) {
                throw bad(file, "\"" + where + "\" is " + w + "; layer weights must not be negative");
            }
            out.add(new LayerWeight(e.getKey(), w));
        }
        return out;
    }

    private static double finiteNumber(Path file, String where, JsonNode v) {
        if (!v.isNumber()) {
            throw bad(file, "\"" + where + "\" must be a number, found " + kind(v));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw bad(file, "\"" + where + "\" is " + d + ", not a finite number; use a finite value");
        }
        return d;
    }

    private static String requireString(Path file, JsonNode root, String key) {
        return optionalString(file, root, key).orElseThrow(() -> missing(file, key));
    }

    private static Optional<String> optionalString(Path file, JsonNode root, String key) {
        JsonNode v = root.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw bad(file, "\"" + key + "\" must be a non-empty string, found " + kind(v));
        }
        return Optional.of(v.asText());
    }

    private static URI parseUrl(Path file, String s) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw bad(file, "\"weightsUrl\" must be an http:// or https:// URL, got \"" + s + "\"");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw bad(file, "\"weightsUrl\" is not a valid URL (" + e.getMessage() + ")");
        }
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "string \"" + v.asText() + "\"";
        }
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "boolean " + v.asText();
            case NULL -> "null";
            case NUMBER -> "number " + v.asText();
            default -> v.getNodeType().toString().toLowerCase(Locale.ROOT);
        };
    }

    private static BadInputException missing(Path file, String key) {
        return bad(file, "missing key \"" + key + "\"; see models/README.md for the format");
    }

    private static BadInputException bad(Path file, String what) {
        return new BadInputException(file + ": " + what);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && name.equals(m.name) && directory.equals(m.directory)
                && prototxt.equals(m.prototxt) && weights.equals(m.weights)
                && java.util.Arrays.equals(meanBgr, m.meanBgr) && content.equals(m.content)
                && style.equals(m.style) && weightsUrls.equals(m.weightsUrls) && weightsSha1.equals(m.weightsSha1);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, directory, prototxt, weights, java.util.Arrays.hashCode(meanBgr), content, style,
                weightsUrls, weightsSha1);
    }

    @Override
    public String toString() {
        return "ModelSpec[" + name + " at " + directory + "]";
    }
}
