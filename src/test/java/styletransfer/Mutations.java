package styletransfer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded mutations of a valid input for the fuzz tests: bit flips, truncations, insertions and deletions of
 * bytes, and for text, edits of a number to a value at the edge (0, -1, huge, off by one).
 */
public final class Mutations {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final List<String> EDGE_VALUES = List.of("0", "-1", "1", "2", "7", "99999", "2147483647",
            "4294967296", "1e9", "0.5", "-0", "NaN");

    private final Random random;

    /** Mutations from {@code seed}, or from the system property fuzz.seed when set (to explore further). */
    public Mutations(long seed) {
        random = new Random(Long.getLong("fuzz.seed", seed));
    }

    /** {@code cases} times the system property fuzz.scale (default 1): longer explorations than the default run. */
    public static int cases(int cases) {
        return cases * Integer.getInteger("fuzz.scale", 1);
    }

    /** One to three mutations of a binary file. */
    public byte[] binary(byte[] original) {
        byte[] b = original;
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            b = switch (random.nextInt(4)) {
                case 0 -> flipBits(b);
                case 1 -> Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
                case 2 -> insert(b);
                default -> delete(b);
            };
        }
        return b;
    }

    /** One to three mutations of a text file, half of them edits of numbers. */
    public byte[] text(String original) {
        byte[] b = original.getBytes(StandardCharsets.UTF_8);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            b = random.nextBoolean() ? editNumber(b) : binary(b);
        }
        return b;
    }

    private byte[] flipBits(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        byte[] out = b.clone();
        // Mostly early in the file, where headers are: that is where decoders branch.
        int limit = random.nextBoolean() ? Math.min(out.length, 256) : out.length;
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
            out[random.nextInt(limit)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] insert(byte[] b) {
        int at = random.nextInt(b.length + 1);
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        return out;
    }

    private byte[] delete(byte[] b) {
        if (b.length == 0) {
            return b;
        }
        int at = random.nextInt(b.length);
        int n = Math.min(b.length - at, 1 + random.nextInt(32));
        byte[] out = new byte[b.length - n];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + n, out, at, b.length - at - n);
        return out;
    }

    private byte[] editNumber(byte[] b) {
        String s = new String(b, StandardCharsets.ISO_8859_1); // byte-preserving, whatever earlier flips did
        Matcher m = NUMBER.matcher(s);
        List<int[]> spans = new java.util.ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        if (spans.isEmpty()) {
            return b;
        }
        int[] span = spans.get(random.nextInt(spans.size()));
        String old = s.substring(span[0], span[1]);
        String value = switch (random.nextInt(3)) {
            case 0 -> EDGE_VALUES.get(random.nextInt(EDGE_VALUES.size()));
            case 1 -> offByOne(old);
            default -> old + random.nextInt(10); // ten times larger, plus a digit
        };
        return (s.substring(0, span[0]) + value + s.substring(span[1])).getBytes(StandardCharsets.ISO_8859_1);
    }

    private String offByOne(String number) {
        try {
            long v = Long.parseLong(number);
            return Long.toString(random.nextBoolean() ? v + 1 : v - 1);
        } catch (NumberFormatException e) {
            return "-" + number;
        }
    }
}
