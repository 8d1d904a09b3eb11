package styletransfer.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import styletransfer.BadInputException;
import styletransfer.image.CaffeTransform;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.image.Rescale;

class InitModeTest {
    private static final double[] MEAN = {104.0069879317889, 116.66876761696767, 122.6789143406786};

    @Test
    void parsesTheReferencesValuesAndImagePaths() {
        assertEquals(new InitMode.Content(), InitMode.parse("content", true));
        assertEquals(new InitMode.Mixed(), InitMode.parse("mixed", true));
        assertEquals(new InitMode.Noise(-1), InitMode.parse("-1", true));
        assertEquals(new InitMode.FromImage(Path.of("images/content/rocket.jpg")),
                InitMode.parse("images/content/rocket.jpg", true));
        assertThrows(BadInputException.class, () -> InitMode.parse("plaid", true));
    }

    @Test
    void anImageStartIsThatImageResizedToTheContentsSize() {
        CaffeTransform t = new CaffeTransform(MEAN);
        Image content = new Image(6, 9, new double[6 * 9 * 3]);
        Targets.Input contentIn = new Targets.Input(t.preprocess(content), 6, 9);
        Path photo = Path.of("images/content/chelsea.png");
        double[] x = StyleTransfer.start(new InitMode.FromImage(photo).withImage(ImageReader.read(photo)), t,
                contentIn, content, content, 0);
        float[] want = t.preprocess(Rescale.resize(ImageReader.read(photo), 6, 9));
        double[] wantD = new double[want.length];
        for (int i = 0; i < want.length; i++) {
            wantD[i] = want[i];
        }
        assertArrayEquals(wantD, x);
    }
}
