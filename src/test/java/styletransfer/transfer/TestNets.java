package styletransfer.transfer;

import java.nio.file.Path;
import java.util.Random;

/** Nets and inputs for the transfer tests. */
final class TestNets {
    private TestNets() {}

    /** The project's SqueezeNet prototxt (AVE pooling, force_backward, cut after the deepest layer used). */
    static Path squeezenetPrototxt(Path sharedDir) {
        return Path.of("models/squeezenet/deploy.prototxt");
    }

    /** A preprocessed-looking input: values spread over the bounds of a mean-subtracted image. */
    static Targets.Input randomInput(Random rnd, int h, int w) {
        float[] chw = new float[3 * h * w];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (float) (rnd.nextDouble() * 255 - 120);
        }
        return new Targets.Input(chw, h, w);
    }
}
