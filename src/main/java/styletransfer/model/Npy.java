package styletransfer.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import styletransfer.BadInputException;

/**
 * Reader for numpy's NPY format (versions 1.0, 2.0 and 3.0): simple numeric dtypes f4, f8, i1..i8, u1..u8 in either
 * byte order, C or Fortran order. Everything is converted to double, which is exact for all but the largest 64-bit
 * integers.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    public static NpyArray read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": NPY file not found; check the path");
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read NPY file (" + e.getMessage() + ")", e);
        }
        return parse(bytes, path.toString());
    }

    /** Parses NPY bytes; {@code source} names the data in error messages. */
    public static NpyArray parse(byte[] bytes, String source) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.length <= i || bytes[i] != MAGIC[i]) {
                throw bad(source, "not an NPY file (bad magic: it must start with \\x93NUMPY)");
            }
        }
        if (bytes.length < 10) {
            throw bad(source, "truncated NPY header");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        switch (major) {
            case 1 -> {
                headerLength = le.getShort(8) & 0xffff;
                headerStart = 10;
            }
            case 2, 3 -> {
                if (bytes.length < 12) {
                    throw bad(source, "truncated NPY header");
                }
                headerLength = le.getInt(8) & 0xffffffffL;
                headerStart = 12;
            }
            default -> throw bad(source, "unsupported NPY format version " + major + "." + (bytes[7] & 0xff)
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        if (headerStart + headerLength > bytes.length) {
            throw bad(source, "truncated NPY header (needs " + headerLength + " bytes)");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        String descr = find(DESCR, header, source, "descr");
        boolean fortran = find(FORTRAN, header, source, "fortran_order").equals("True");
        int[] shape = parseShape(find(SHAPE, header, source, "shape"), source);

        DType type = DType.of(descr, source);
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE) {
                throw bad(source, "array too large (" + header.trim() + ")");
            }
        }
        long dataStart = headerStart + headerLength;
        long needed = count * type.size;
        if (bytes.length - dataStart < needed) {
            throw bad(source, "truncated NPY data: shape " + java.util.Arrays.toString(shape) + " of " + descr
                    + " needs " + needed + " bytes, the file has " + (bytes.length - dataStart));
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes, (int) dataStart, (int) needed).slice().order(type.order);
        double[] raw = new double[(int) count];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = type.read(buf, i * type.size);
        }
        return new NpyArray(shape, fortran ? fortranToC(raw, shape) : raw);
    }

    private static String find(Pattern p, String header, String source, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw bad(source, "NPY header has no valid '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }

    private static int[] parseShape(String tuple, String source) {
        List<Integer> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String s = part.trim();
            if (s.endsWith("L")) { // Python 2 wrote long integers with a suffix
                s = s.substring(0, s.length() - 1);
            }
            if (s.isEmpty()) {
                continue;
            }
            try {
                int d = Integer.parseInt(s);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw bad(source, "NPY header has an invalid shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Fortran order has the first index varying fastest; reorders into C order. */
    private static double[] fortranToC(double[] f, int[] shape) {
        int n = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[n];
        for (int ci = 0; ci < c.length; ci++) {
            int fi = 0;
            int stride = 1;
            for (int k = 0; k < n; k++) {
                fi += idx[k] * stride;
                stride *= shape[k];
            }
            c[ci] = f[fi];
            for (int k = n - 1; k >= 0; k--) { // advance the C-order multi-index
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }

    private static BadInputException bad(String source, String what) {
        return new BadInputException(source + ": " + what + "; provide a numpy .npy file saved with numpy.save");
    }

    private record DType(char kind, int size, ByteOrder order) {
        static DType of(String descr, String source) {
            if (descr.length() < 3) {
                throw unsupported(descr, source);
            }
            char orderChar = descr.charAt(0);
            ByteOrder order = switch (orderChar) {
                case '<' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '|', '=' -> ByteOrder.nativeOrder();
                default -> throw unsupported(descr, source);
            };
            char kind = descr.charAt(1);
            int size;
            try {
                size = Integer.parseInt(descr.substring(2));
            } catch (NumberFormatException e) {
                throw unsupported(descr, source);
            }
            boolean ok = switch (kind) {
                case 'f' -> size == 4 || size == 8;
                case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
                default -> false;
            };
            if (!ok) {
                throw unsupported(descr, source);
            }
            return new DType(kind, size, order);
        }

        private static BadInputException unsupported(String descr, String source) {
            return new BadInputException(source + ": unsupported NPY dtype '" + descr
                    + "' (supported: f4, f8, i1, i2, i4, i8, u1, u2, u4, u8); convert it with numpy astype");
        }

        double read(ByteBuffer b, int at) {
            return switch (kind) {
                case 'f' -> size == 4 ? b.getFloat(at) : b.getDouble(at);
                case 'i' -> switch (size) {
                    case 1 -> b.get(at);
                    case 2 -> b.getShort(at);
                    case 4 -> b.getInt(at);
                    default -> (double) b.getLong(at);
                };
                default -> switch (size) {
                    case 1 -> b.get(at) & 0xff;
                    case 2 -> b.getShort(at) & 0xffff;
                    case 4 -> b.getInt(at) & 0xffffffffL;
                    default -> unsignedToDouble(b.getLong(at));
                };
            };
        }

        private static double unsignedToDouble(long v) {
            // BigInteger rounds once, correctly; halving first and doubling would round twice.
            return v >= 0 ? (double) v : new java.math.BigInteger(Long.toUnsignedString(v)).doubleValue();
        }
    }
}
