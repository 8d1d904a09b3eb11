package styletransfer.caffe;

import static org.bytedeco.caffe.global.caffe.ConvolutionParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.LRNParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.PoolingParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.ReLUParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.SPPParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.SigmoidParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.SoftmaxParameter_Engine_CAFFE;
import static org.bytedeco.caffe.global.caffe.TanHParameter_Engine_CAFFE;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.caffe.FloatNet;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.caffe.NetParameter;

/**
 * The {@code engine} of each layer type that Caffe can build two ways. Caffe's layer factory takes cuDNN's layer
 * whenever the build has cuDNN and the engine is DEFAULT, whatever the mode, so the GPU build would create cuDNN
 * handles (and abort without a device) even for a net that runs on the CPU. Hence:
 * <ul>
 *   <li>on the CPU every such layer is Caffe's own;</li>
 *   <li>pooling is always Caffe's own: cuDNN's AVE pooling divides edge windows by the full window where Caffe
 *       divides by the clipped one, so the GPU would compute other features than the CPU (and the Python program
 *       on the CPU);</li>
 *   <li>convolution on a GPU is cuDNN's unless {@link ConvolutionEngine#CAFFE} is chosen.</li>
 * </ul>
 */
final class LayerEngines {
    /** Caffe's Engine enums share their numbers: DEFAULT 0, CAFFE 1, CUDNN 2. */
    private static final String[] NAMES = {"DEFAULT", "CAFFE", "CUDNN"};

    private LayerEngines() {}

    /** Sets the engines of {@code param}'s layers for a net on {@code device}, before the net is built. */
    static void choose(NetParameter param, Device device, ConvolutionEngine convolution) {
        boolean cpu = device.isCpu();
        for (int i = 0; i < param.layer_size(); i++) {
            LayerParameter l = param.mutable_layer(i);
            switch (NetFiles.text(l.type())) {
                case "Pooling" -> l.mutable_pooling_param().set_engine(PoolingParameter_Engine_CAFFE);
                case "SPP" -> l.mutable_spp_param().set_engine(SPPParameter_Engine_CAFFE);
                case "Convolution" -> {
                    if (cpu || convolution == ConvolutionEngine.CAFFE) {
                        l.mutable_convolution_param().set_engine(ConvolutionParameter_Engine_CAFFE);
                    }
                }
                case "ReLU" -> {
                    if (cpu) {
                        l.mutable_relu_param().set_engine(ReLUParameter_Engine_CAFFE);
                    }
                }
                case "LRN" -> {
                    if (cpu) {
                        l.mutable_lrn_param().set_engine(LRNParameter_Engine_CAFFE);
                    }
                }
                case "Sigmoid" -> {
                    if (cpu) {
                        l.mutable_sigmoid_param().set_engine(SigmoidParameter_Engine_CAFFE);
                    }
                }
                case "TanH" -> {
                    if (cpu) {
                        l.mutable_tanh_param().set_engine(TanHParameter_Engine_CAFFE);
                    }
                }
                case "Softmax" -> {
                    if (cpu) {
                        l.mutable_softmax_param().set_engine(SoftmaxParameter_Engine_CAFFE);
                    }
                }
                default -> { } // no other layer type has a cuDNN implementation in Caffe 1.0
            }
        }
    }

    /** The engine each layer of a built net was created with, for the types that have one: name to engine. */
    static Map<String, String> of(FloatNet net) {
        Map<String, String> engines = new LinkedHashMap<>();
        for (long i = 0; i < net.layers().size(); i++) {
            LayerParameter l = net.layers().get(i).layer_param();
            Integer engine = switch (NetFiles.text(l.type())) {
                case "Pooling" -> l.pooling_param().engine();
                case "SPP" -> l.spp_param().engine();
                case "Convolution" -> l.convolution_param().engine();
                case "ReLU" -> l.relu_param().engine();
                case "LRN" -> l.lrn_param().engine();
                case "Sigmoid" -> l.sigmoid_param().engine();
                case "TanH" -> l.tanh_param().engine();
                case "Softmax" -> l.softmax_param().engine();
                default -> null;
            };
            if (engine != null) {
                engines.put(NetFiles.text(l.name()), engine >= 0 && engine < NAMES.length ? NAMES[engine]
                        : String.valueOf(engine));
            }
        }
        return engines;
    }
}
