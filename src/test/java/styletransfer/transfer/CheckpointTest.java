package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final Checkpoint.RunKey KEY =
            new Checkpoint.RunKey("/a/style.jpg", "/a/content.jpg", "squeezenet", "content", "1e4", 64);

    @Test
    void savesTheFloat32IterateExactlyAndLoadsItBack() {
        Path folder = Checkpoint.folderFor(dir.resolve("sub/../out.jpg"));
        assertEquals(dir.resolve("out.jpg.checkpoint").toAbsolutePath(), folder);
        double[] x = {-104.0069879317889, 0.1, 1e-7, 150.5, 3, -2, 7, 8, 9, 10, 11, 12};
        Checkpoint.save(folder, KEY, 2, 123.5, 2, 2, x);
        Checkpoint.save(folder, KEY, 4, 99.25, 2, 2, x);
        Checkpoint.Saved saved = Checkpoint.load(folder, KEY);
        assertEquals(4, saved.iterations());
        assertEquals(99.25, saved.loss());
        double[] asFloat32 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            asFloat32[i] = (float) x[i]; // what the net saw: the resumed run starts exactly there
        }
        assertArrayEquals(asFloat32, saved.x());
        assertTrue(Files.notExists(folder.resolve("x-2.f32")), "the older iterate is removed");
    }

    @Test
    void refusesOtherSettingsAndDamagedFiles() throws IOException {
        Path folder = dir.resolve("out.jpg.checkpoint");
        Checkpoint.save(folder, KEY, 4, 1, 2, 2, new double[12]);
        Checkpoint.RunKey otherLength = new Checkpoint.RunKey("/a/style.jpg", "/a/content.jpg", "squeezenet",
                "content", "1e4", 128);
        String m = assertThrows(BadInputException.class, () -> Checkpoint.load(folder, otherLength)).getMessage();
        assertTrue(m.contains("length"), m);

        Files.write(folder.resolve("x-4.f32"), new byte[7]);
        m = assertThrows(BadInputException.class, () -> Checkpoint.load(folder, KEY)).getMessage();
        assertTrue(m.contains("damaged"), m);

        Files.writeString(folder.resolve(Checkpoint.STATE), "{\"iterations\": ");
        m = assertThrows(BadInputException.class, () -> Checkpoint.load(folder, KEY)).getMessage();
        assertTrue(m.contains("cannot read the checkpoint"), m);
    }
}
