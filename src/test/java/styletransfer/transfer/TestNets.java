package styletransfer.transfer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import styletransfer.caffe.CaffeNet;
import styletransfer.caffe.Device;
import styletransfer.image.Image;
import styletransfer.image.ImageReader;
import styletransfer.model.ModelCatalog;
import styletransfer.model.ModelSpec;

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

    /** The losses of every iteration and the final picture of a run. */
    record Run(List<Double> losses, Image image) {}

    /**
     * GoogLeNet with seeded random weights (its real ones are not on our machines) painting the rocket in the
     * style of the deep-field photo at -l 256, as the reference would with these settings.
     */
    static Run googlenetRun(Device device, Schedule schedule, int iterations) {
        ModelSpec model = new ModelCatalog(Path.of("models")).resolve("googlenet");
        Image style = ImageReader.read(Path.of("images/style/hubble_deep_field.jpg"));
        Image content = ImageReader.read(Path.of("images/content/rocket.jpg"));
        try (CaffeNet net = CaffeNet.openWithRandomWeights(model.prototxt(), device, 7)) {
            List<Double> losses = new ArrayList<>();
            Settings settings = Settings.reference().withIterations(iterations).withLength(256).withSeed(1L)
                    .withSchedule(schedule);
            StyleTransfer.Outcome out = StyleTransfer.run(net, new Request(model, style, content, settings, null),
                    Hooks.none().withProgress((k, loss, pg, parts) -> losses.add(loss)));
            return new Run(losses, out.image());
        }
    }
}
