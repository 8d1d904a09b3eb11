package styletransfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;

/**
 * The README's "Use from Java" example is compiled and run as it stands (SqueezeNet, 10 iterations), so the
 * documentation cannot drift from the API.
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmesJavaExampleCompilesRunsAndSavesThePicture() throws Exception {
        Path weights = SharedData.squeezenetDir().resolve("squeezenet_v1.1.caffemodel");
        String code = javaBlockOf(Files.readString(Path.of("README.md")), "## Use from Java");
        Matcher name = Pattern.compile("public class (\\w+)").matcher(code);
        assertTrue(name.find(), "the example declares a public class");
        Path source = Files.writeString(dir.resolve(name.group(1) + ".java"), code);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "the tests run on a JDK");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-Xlint:all,-path", "-Werror", "-d", dir.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));

        Path out = dir.resolve("painted.jpg");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {out.toString(), weights.toString()});
        } finally {
            System.setOut(stdout);
        }

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("iteration 1: loss "), lines.toString());
        assertEquals("saved " + out + " after 10 iterations (FINISHED)", lines.get(lines.size() - 1));
        Image painted = ImageReader.read(out);
        // chelsea.png is 451x300; at -l 256 its shorter side goes up to SqueezeNet's 227.
        assertEquals(227, painted.height());
        assertEquals(Math.rint(451 * 227.0 / 300), painted.width());
    }

    /** The first ```java block after the heading. */
    static String javaBlockOf(String markdown, String heading) {
        int at = markdown.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, "README has no '" + heading + "' section");
        int start = markdown.indexOf("```java\n", at);
        int end = markdown.indexOf("\n```", start + 1);
        assertTrue(start >= 0 && end > start, "no java block under '" + heading + "'");
        return markdown.substring(start + "```java\n".length(), end + 1);
    }
}
