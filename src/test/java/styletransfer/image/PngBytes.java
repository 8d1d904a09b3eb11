package styletransfer.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds PNG files byte by byte, so tests can make the variants ImageIO's writer does not (grey+alpha,
 * 16-bit, palette with transparency) and headers that lie about the size.
 */
public final class PngBytes {
    public static final int GREY = 0;
    public static final int RGB = 2;
    public static final int PALETTE = 3;
    public static final int GREY_ALPHA = 4;
    public static final int RGBA = 6;

    private PngBytes() {}

    /**
     * A complete PNG. {@code samples} holds the scanlines without filter bytes, each sample in
     * {@code bitDepth / 8} big-endian bytes (bit depths 8 and 16 only).
     */
    public static byte[] png(int width, int height, int colorType, int bitDepth, byte[] samples, byte[]... extraChunks) {
        int rowBytes = samples.length / height;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int y = 0; y < height; y++) {
            raw.write(0); // filter type None
            raw.write(samples, y * rowBytes, rowBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(signature());
        out.writeBytes(ihdr(width, height, colorType, bitDepth));
        for (byte[] chunk : extraChunks) {
            out.writeBytes(chunk);
        }
        out.writeBytes(chunk("IDAT", deflate(raw.toByteArray())));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    public static byte[] signature() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    }

    public static byte[] ihdr(int width, int height, int colorType, int bitDepth) {
        ByteBuffer data = ByteBuffer.allocate(13);
        data.putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType)
                .put((byte) 0).put((byte) 0).put((byte) 0); // deflate, adaptive filtering, no interlace
        return chunk("IHDR", data.array());
    }

    /** Length, type, data and the CRC-32 of type and data, as the PNG specification lays a chunk out. */
    public static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(typeBytes).put(data).putInt((int) crc.getValue());
        return b.array();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
