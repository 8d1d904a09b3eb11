package styletransfer.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;

/** Jobs from JSON lines, CSV and globs; per-job options over the command line's; mistakes named by line. */
class ManifestTest {
    private static final JobOptions DEFAULTS = new JobOptions("googlenet", null, "1e4", 512, 512, "content", null);

    @TempDir
    Path dir;

    @Test
    void jsonLinesWithPerJobOptions() throws IOException {
        Path m = write("jobs.jsonl",
                "{\"content\": \"a.jpg\", \"style\": \"s.jpg\", \"output\": \"out/a.png\"}",
                "",
                "# a comment",
                "{\"content\": \"b.jpg\", \"style\": \"s.jpg\", \"model\": \"squeezenet\", \"num-iters\": 20, "
                        + "\"ratio\": \"1e3\", \"length\": 256, \"init\": \"-1\", \"seed\": 7}");
        List<Job> jobs = Manifest.read(m, DEFAULTS, JobOptions.DEFAULT_PATTERN);
        assertEquals(2, jobs.size());
        assertEquals(new Job(1, Path.of("a.jpg"), Path.of("s.jpg"), Path.of("out/a.png"), DEFAULTS), jobs.get(0));
        Job b = jobs.get(1);
        assertEquals(2, b.number());
        assertEquals(new JobOptions("squeezenet", null, "1e3", 20, 256, "-1", 7L), b.options());
        // No output given: the reference's default name, from this job's own options.
        assertEquals(Path.of("outputs/b-s-squeezenet--1-1e3-20.jpg"), b.output());
    }

    @Test
    void csvWithHeaderQuotesAndEmptyCells() throws IOException {
        Path m = write("jobs.csv",
                "content,style,output,num-iters",
                "photos/a.jpg,art/s.jpg,out/a-s.jpg,",
                "\"photos/b, the second.jpg\",art/s.jpg,out/b-s.jpg,3");
        List<Job> jobs = Manifest.read(m, DEFAULTS, JobOptions.DEFAULT_PATTERN);
        assertEquals(512, jobs.get(0).options().iterations(), "an empty cell keeps the command line's value");
        assertEquals(Path.of("photos/b, the second.jpg"), jobs.get(1).content());
        assertEquals(3, jobs.get(1).options().iterations());
    }

    @Test
    void mistakesNameTheLine() throws IOException {
        Path badRatio = write("r.jsonl", "{\"content\": \"a.jpg\", \"style\": \"s.jpg\"}",
                "{\"content\": \"b.jpg\", \"style\": \"s.jpg\", \"ratio\": \"lots\"}");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Manifest.read(badRatio, DEFAULTS, JobOptions.DEFAULT_PATTERN));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("lots"), e.getMessage());

        Path unknown = write("u.jsonl", "{\"content\": \"a.jpg\", \"style\": \"s.jpg\", \"iters\": 3}");
        e = assertThrows(BadInputException.class, () -> Manifest.read(unknown, DEFAULTS, JobOptions.DEFAULT_PATTERN));
        assertTrue(e.getMessage().contains("\"iters\""), e.getMessage());

        Path noStyle = write("n.csv", "content,output", "a.jpg,o.jpg");
        e = assertThrows(BadInputException.class, () -> Manifest.read(noStyle, DEFAULTS, JobOptions.DEFAULT_PATTERN));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("required"), e.getMessage());

        Path gif = write("g.jsonl", "{\"content\": \"a.jpg\", \"style\": \"s.jpg\", \"output\": \"a.gif\"}");
        assertThrows(BadInputException.class, () -> Manifest.read(gif, DEFAULTS, JobOptions.DEFAULT_PATTERN));
    }

    @Test
    void twoJobsMayNotWriteOneFile() throws IOException {
        Path m = write("d.jsonl", "{\"content\": \"x/a.jpg\", \"style\": \"s.jpg\"}",
                "{\"content\": \"y/a.jpg\", \"style\": \"s.jpg\"}");
        BadInputException e = assertThrows(BadInputException.class,
                () -> Manifest.read(m, DEFAULTS, "out/{content}-{style}.jpg"));
        assertTrue(e.getMessage().contains("jobs 1 and 2 both write"), e.getMessage());
    }

    @Test
    void globsMakeEveryContentWithEveryStyle() throws IOException {
        for (String f : List.of("photos/b.jpg", "photos/a.jpg", "photos/notes.txt", "art/x.png", "art/y.jpg")) {
            Files.createDirectories(dir.resolve(f).getParent());
            Files.writeString(dir.resolve(f), "not read here");
        }
        List<Job> jobs = Manifest.product(List.of(dir + "/photos/*.jpg"), List.of(dir + "/art/*.{jpg,png}"),
                DEFAULTS, dir + "/out/{content}-{style}.jpg");
        assertEquals(List.of("a-x", "a-y", "b-x", "b-y"),
                jobs.stream().map(j -> styletransfer.image.OutputNames.stem(j.output())).toList());
        assertEquals(List.of(1, 2, 3, 4), jobs.stream().map(Job::number).toList());
        assertEquals(dir.resolve("photos/a.jpg"), jobs.get(0).content());

        BadInputException e = assertThrows(BadInputException.class, () -> Manifest.product(
                List.of(dir + "/photos/*.png"), List.of(dir + "/art/*"), DEFAULTS, "{content}.jpg"));
        assertTrue(e.getMessage().contains("matches no file"), e.getMessage());
    }

    @Test
    void unknownPatternFieldIsRefused() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> DEFAULTS.outputFor("out/{contents}.jpg", Path.of("a.jpg"), Path.of("s.jpg")));
        assertTrue(e.getMessage().contains("{contents}") || e.getMessage().contains("unknown"), e.getMessage());
        assertNull(DEFAULTS.seed());
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(dir.resolve(name), List.of(lines));
    }
}
