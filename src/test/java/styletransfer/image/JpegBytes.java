package styletransfer.image;

import com.twelvemonkeys.imageio.color.ColorSpaces;
import java.awt.Transparency;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** JPEG files for the decoding tests that ImageIO's own writer is not asked to make every day. */
public final class JpegBytes {
    private JpegBytes() {}

    /**
     * A 16x8 Adobe CMYK JPEG (TwelveMonkeys writes one from an image in a CMYK colour space): cyan ink on the left
     * half, no ink on the right.
     */
    public static byte[] cmyk() throws IOException {
        ComponentColorModel cmyk = new ComponentColorModel(ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cmyk.createCompatibleWritableRaster(16, 8);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                raster.setSample(x, y, 0, 255);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(new BufferedImage(cmyk, raster, false, null), "jpeg", out)) {
            throw new IOException("no JPEG writer for a CMYK image");
        }
        return out.toByteArray();
    }
}
