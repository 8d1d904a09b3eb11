package styletransfer.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import styletransfer.BadInputException;
import styletransfer.SharedData;

class NpyTest {
    @TempDir
    Path tmp;

    @Test
    void referenceMeanReducesToTheSpecValues() {
        NpyArray mean = Npy.read(SharedData.require("reference/models/ilsvrc_2012_mean.npy"));
        assertArrayEquals(new int[] {3, 256, 256}, mean.shape());
        double[] bgr = mean.channelMeans();
        // style.py's load_model: transformer.set_mean("data", np.load(mean_file).mean(1).mean(1)); these are the
        // digits numpy prints for that, so they pin the value to the last bit
        assertEquals(104.0069879317889, bgr[0], 0.0);
        assertEquals(116.66876761696767, bgr[1], 0.0);
        assertEquals(122.6789143406786, bgr[2], 0.0);
    }

    @Test
    void channelMeansAgreeWithExactArithmetic() {
        int c = 3, h = 37, w = 300; // 300 columns exercise the pairwise split, 37 rows the sequential sum
        double[] data = new double[c * h * w];
        Random r = new Random(7);
        for (int i = 0; i < data.length; i++) {
            data[i] = 255 * r.nextDouble();
        }
        double[] means = new NpyArray(new int[] {c, h, w}, data).channelMeans();
        for (int ch = 0; ch < c; ch++) {
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = ch * h * w; i < (ch + 1) * h * w; i++) {
                sum = sum.add(new BigDecimal(data[i]));
            }
            double exact = sum.divide(BigDecimal.valueOf((long) h * w), MathContext.DECIMAL128).doubleValue();
            assertEquals(exact, means[ch], 1e-12 * exact);
        }
    }

    @Test
    void readsEveryIntegerAndFloatTypeInBothByteOrders() throws Exception {
        double[] small = {0, 1, -2, 3, 100, -100};
        double[] unsigned = {0, 1, 2, 3, 100, 200};
        check("<f8", small, (b, v) -> b.putDouble(v));
        check(">f8", small, (b, v) -> b.putDouble(v));
        check("<f4", new double[] {0.5, -1.25, 3e10f}, (b, v) -> b.putFloat((float) v));
        check(">f4", new double[] {0.5, -1.25}, (b, v) -> b.putFloat((float) v));
        check("|i1", small, (b, v) -> b.put((byte) v));
        check("<i2", small, (b, v) -> b.putShort((short) v));
        check(">i2", new double[] {-32768, 32767}, (b, v) -> b.putShort((short) v));
        check("<i4", new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, (b, v) -> b.putInt((int) v));
        check(">i8", new double[] {-(1L << 40), 1L << 40}, (b, v) -> b.putLong((long) v));
        check("|u1", new double[] {0, 128, 255}, (b, v) -> b.put((byte) (int) v));
        check("<u2", new double[] {0, 40000, 65535}, (b, v) -> b.putShort((short) (int) v));
        check(">u4", new double[] {0, 4_000_000_000.0}, (b, v) -> b.putInt((int) (long) v));
        check("<u8", unsigned, (b, v) -> b.putLong((long) v));
    }

    @Test
    void readsTheLargestUnsigned64BitValue() throws Exception {
        byte[] data = {-1, -1, -1, -1, -1, -1, -1, -1}; // 2^64 - 1
        NpyArray a = Npy.read(write(npy(1, header("<u8", false, "(1,)"), data)));
        assertEquals(Math.pow(2, 64), a.get(0)); // nearest double to 2^64 - 1
    }

    @Test
    void convertsFortranOrderToCOrder() throws Exception {
        // The 2x3 matrix [[1,2,3],[4,5,6]] is stored column by column in Fortran order.
        double[] columnMajor = {1, 4, 2, 5, 3, 6};
        NpyArray a = Npy.read(write(npy(1, header("<f8", true, "(2, 3)"), bytes(columnMajor, ByteOrder.LITTLE_ENDIAN,
                (b, v) -> b.putDouble(v)))));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.data());

        // 3-D: element (i,j,k) of a 2x3x4 array lives at i + 2j + 6k in Fortran order
        double[] f = new double[24];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    f[i + 2 * j + 6 * k] = 100 * i + 10 * j + k;
                }
            }
        }
        NpyArray b = Npy.read(write(npy(1, header("<f8", true, "(2, 3, 4)"),
                bytes(f, ByteOrder.LITTLE_ENDIAN, (bb, v) -> bb.putDouble(v)))));
        assertEquals(123, b.get(1 * 12 + 2 * 4 + 3));
        assertEquals(21, b.get(0 * 12 + 2 * 4 + 1));
    }

    @Test
    void readsVersions2And3AndScalars() throws Exception {
        byte[] data = bytes(new double[] {1.5, 2.5}, ByteOrder.LITTLE_ENDIAN, (b, v) -> b.putDouble(v));
        assertArrayEquals(new double[] {1.5, 2.5}, Npy.read(write(npy(2, header("<f8", false, "(2,)"), data))).data());
        // version 3 allows UTF-8 in the header, e.g. in a structured field name we do not use
        assertArrayEquals(new double[] {1.5, 2.5}, Npy.read(write(npy(3, header("<f8", false, "(2,)"), data))).data());
        NpyArray scalar = Npy.read(write(npy(1, header("<f8", false, "()"), bytes(new double[] {4.25},
                ByteOrder.LITTLE_ENDIAN, (b, v) -> b.putDouble(v)))));
        assertEquals(0, scalar.shape().length);
        assertEquals(4.25, scalar.get(0));
    }

    @Test
    void rejectsBadMagic() throws Exception {
        Path p = write("PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1));
        assertBad(() -> Npy.read(p), "bad magic");
    }

    @Test
    void rejectsUnsupportedDtypes() throws Exception {
        assertBad(() -> Npy.read(write(npy(1, header("<c16", false, "(1,)"), new byte[16]))), "unsupported NPY dtype");
        assertBad(() -> Npy.read(write(npy(1, header("<f2", false, "(1,)"), new byte[2]))), "'<f2'");
        assertBad(() -> Npy.read(write(npy(1, header("|b1", false, "(1,)"), new byte[1]))), "unsupported");
    }

    @Test
    void rejectsTruncatedFiles() throws Exception {
        byte[] full = npy(1, header("<f8", false, "(3, 4)"), new byte[96]);
        byte[] shortData = java.util.Arrays.copyOf(full, full.length - 1);
        assertBad(() -> Npy.read(write(shortData)), "truncated NPY data");
        byte[] shortHeader = java.util.Arrays.copyOf(full, 30);
        assertBad(() -> Npy.read(write(shortHeader)), "truncated NPY header");
    }

    @Test
    void rejectsUnknownVersionsAndBrokenHeaders() throws Exception {
        byte[] v9 = npy(1, header("<f8", false, "(1,)"), new byte[8]);
        v9[6] = 9;
        assertBad(() -> Npy.read(write(v9)), "version 9.0");
        assertBad(() -> Npy.read(write(npy(1, "{'descr': '<f8', 'fortran_order': False, }", new byte[8]))),
                "'shape'");
        assertBad(() -> Npy.read(write(npy(1, header("<f8", false, "(2, x)"), new byte[16]))), "invalid shape");
    }

    @Test
    void missingFileIsBadInput() {
        assertBad(() -> Npy.read(tmp.resolve("absent.npy")), "not found");
    }

    /** Writes one value; a primitive double parameter lets the lambdas cast it. */
    private interface Put {
        void put(ByteBuffer b, double v);
    }

    // --- helpers writing NPY files by hand, as numpy.save lays them out ---

    private void check(String descr, double[] values, Put put) throws Exception {
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] data = bytes(values, order, put);
        NpyArray a = Npy.read(write(npy(1, header(descr, false, "(" + values.length + ",)"), data)));
        assertArrayEquals(new int[] {values.length}, a.shape(), descr);
        for (int i = 0; i < values.length; i++) {
            double expected = descr.endsWith("f4") ? (float) values[i] : values[i];
            assertEquals(expected, a.get(i), descr + "[" + i + "]");
        }
    }

    private static byte[] bytes(double[] values, ByteOrder order, Put put) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(order);
        for (double v : values) {
            put.put(b, v);
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    private static String header(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape
                + ", }";
    }

    /** Magic, version, header length, header padded with spaces and a newline to a multiple of 64, data. */
    private static byte[] npy(int major, String header, byte[] data) {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder h = new StringBuilder(header);
        while ((prefix + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) hb.length);
        } else {
            len.putInt(hb.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(hb);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path write(byte[] bytes) throws Exception {
        Path p = Files.createTempFile(tmp, "a", ".npy");
        Files.write(p, bytes);
        return p;
    }

    static void assertBad(org.junit.jupiter.api.function.Executable e, String expectedPart) {
        BadInputException ex = assertThrows(BadInputException.class, e);
        assertTrue(ex.getMessage().contains(expectedPart), () -> "message lacks \"" + expectedPart + "\": "
                + ex.getMessage());
        assertFalse(ex.getMessage().contains("\n"), () -> "message is not one line: " + ex.getMessage());
    }
}
