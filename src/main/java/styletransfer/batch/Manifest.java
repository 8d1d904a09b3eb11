package styletransfer.batch;

import styletransfer.image.ImageWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import styletransfer.BadInputException;
import styletransfer.InvalidSettingException;

/**
 * The jobs of a batch: from a manifest (JSON lines or CSV with a header row) or from globs of contents and styles.
 *
 * <p>A manifest names content, style and optionally output (else the output pattern is used) and any of
 * {@link JobOptions#KEYS}; fields it leaves out take the command line's values. Relative paths are taken from the
 * working directory, as on the command line. Every problem is a {@link BadInputException} naming the line.
 */
public final class Manifest {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Manifest() {}

    /** Reads a .csv file as CSV and anything else as JSON lines (blank lines and lines starting with # are skipped). */
    public static List<Job> read(Path file, JobOptions defaults, String outputPattern) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot read manifest " + file + " (" + e.getMessage() + ")", e);
        }
        boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
        List<Job> jobs = csv ? csv(file, lines, defaults, outputPattern) : jsonLines(file, lines, defaults, outputPattern);
        if (jobs.isEmpty()) {
            throw new BadInputException("manifest " + file + " holds no jobs");
        }
        checkOutputsDistinct(jobs);
        return jobs;
    }

    /** Every content with every style, contents outermost, each list sorted by path. */
    public static List<Job> product(List<String> contentGlobs, List<String> styleGlobs, JobOptions defaults,
                                    String outputPattern) {
        List<Path> contents = expandAll(contentGlobs, "--contents");
        List<Path> styles = expandAll(styleGlobs, "--styles");
        List<Job> jobs = new ArrayList<>();
        for (Path c : contents) {
            for (Path s : styles) {
                Path out = defaults.outputFor(outputPattern, c, s);
                ImageWriter.checkFormat(out);
                jobs.add(new Job(jobs.size() + 1, c, s, out, defaults));
            }
        }
        checkOutputsDistinct(jobs);
        return jobs;
    }

    private static List<Job> jsonLines(Path file, List<String> lines, JobOptions defaults, String pattern) {
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new BadInputException(where + ": invalid JSON (" + e.getOriginalMessage() + ")");
            }
            if (node == null || !node.isObject()) {
                throw new BadInputException(where + ": each line must be a JSON object {\"content\": ..., \"style\": ...}");
            }
            Map<String, String> fields = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw new BadInputException(where + ": \"" + e.getKey() + "\" must be a string or number");
                }
                fields.put(e.getKey(), e.getValue().asText());
            }
            jobs.add(job(jobs.size() + 1, where, fields, defaults, pattern));
        }
        return jobs;
    }

    private static List<Job> csv(Path file, List<String> lines, JobOptions defaults, String pattern) {
        List<Job> jobs = new ArrayList<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            List<String> cells = splitCsv(lines.get(i), where);
            if (header == null) {
                header = cells.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
                continue;
            }
            if (cells.size() != header.size()) {
                throw new BadInputException(where + ": " + cells.size() + " fields, but the header has " + header.size());
            }
            Map<String, String> fields = new HashMap<>();
            for (int k = 0; k < cells.size(); k++) {
                if (!cells.get(k).isBlank()) { // an empty cell keeps the command line's value
                    fields.put(header.get(k), cells.get(k));
                }
            }
            jobs.add(job(jobs.size() + 1, where, fields, defaults, pattern));
        }
        return jobs;
    }

    /** RFC 4180 fields on one line: commas, and double quotes around a field with "" for a quote inside. */
    static List<String> splitCsv(String line, String where) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new BadInputException(where + ": unterminated quoted field");
        }
        cells.add(cell.toString());
        return cells;
    }

    private static Job job(int number, String where, Map<String, String> fields, JobOptions defaults, String pattern) {
        try {
            String content = fields.get("content");
            String style = fields.get("style");
            if (content == null || content.isBlank() || style == null || style.isBlank()) {
                throw new BadInputException("\"content\" and \"style\" are required");
            }
            JobOptions options = defaults;
            for (Map.Entry<String, String> e : fields.entrySet()) {
                if (!List.of("content", "style", "output").contains(e.getKey())) {
                    options = options.with(e.getKey(), e.getValue());
                }
            }
            Path c = Path.of(content.trim());
            Path s = Path.of(style.trim());
            String output = fields.get("output");
            Path out = output != null && !output.isBlank() ? Path.of(output.trim()) : options.outputFor(pattern, c, s);
            ImageWriter.checkFormat(out);
            return new Job(number, c, s, out, options);
        } catch (InvalidSettingException e) {
            throw new BadInputException(where + ": " + e.messageNaming(Advice.field(e.setting())), e);
        } catch (BadInputException e) {
            throw new BadInputException(where + ": " + e.getMessage(), e);
        }
    }

    /** Two jobs writing one file would overwrite each other and break resuming. */
    private static void checkOutputsDistinct(List<Job> jobs) {
        Map<Path, Job> seen = new HashMap<>();
        for (Job j : jobs) {
            Job before = seen.putIfAbsent(j.output().toAbsolutePath().normalize(), j);
            if (before != null) {
                throw new BadInputException("jobs " + before.number() + " and " + j.number() + " both write "
                        + j.output() + "; give each job its own output (e.g. --output-pattern with {content} and {style})");
            }
        }
    }

    private static List<Path> expandAll(List<String> globs, String option) {
        if (globs == null || globs.isEmpty()) {
            throw new BadInputException(option + " is required without a manifest");
        }
        List<Path> out = new ArrayList<>();
        for (String g : globs) {
            List<Path> matched = expand(g);
            if (matched.isEmpty()) {
                throw new BadInputException(option + " '" + g + "' matches no file");
            }
            out.addAll(matched);
        }
        return out.stream().distinct().toList();
    }

    /**
     * Files matching a glob ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, {@code **} across folders), sorted.
     * The program expands it itself so that quoted globs work the same in every shell and in scripts.
     */
    static List<Path> expand(String glob) {
        String[] parts = glob.split("/", -1);
        int first = 0;
        while (first < parts.length && !parts[first].matches(".*[*?\\[{].*")) {
            first++;
        }
        if (first == parts.length) { // no wildcard: a plain file name
            Path p = Path.of(glob);
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        String baseText = String.join("/", java.util.Arrays.copyOfRange(parts, 0, first));
        Path base = baseText.isEmpty() ? Path.of(glob.startsWith("/") ? "/" : ".") : Path.of(baseText);
        String rest = String.join("/", java.util.Arrays.copyOfRange(parts, first, parts.length));
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        int depth = rest.contains("**") ? Integer.MAX_VALUE : parts.length - first;
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(base, depth)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .map(p -> baseText.isEmpty() && !glob.startsWith("/") ? base.relativize(p) : p)
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new BadInputException("cannot list " + base + " for '" + glob + "' (" + e.getMessage() + ")", e);
        }
    }
}
