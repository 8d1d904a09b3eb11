package styletransfer.caffe;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.caffe.LayerParameter;
import org.bytedeco.javacpp.BytePointer;

/**
 * One layer of a prototxt as Caffe parses it (after its upgrade of legacy formats).
 *
 * @param parameters the layer's protobuf text without name, type, bottom and top, as protobuf prints it:
 *                   fields in declaration order, so two layers with the same settings give the same text
 */
public record NetLayer(String name, String type, List<String> bottoms, List<String> tops, String parameters) {
    public NetLayer {
        bottoms = List.copyOf(bottoms);
        tops = List.copyOf(tops);
    }

    /** The layer as Caffe parsed it. */
    static NetLayer of(LayerParameter l) {
        List<String> bottoms = new ArrayList<>();
        for (int i = 0; i < l.bottom_size(); i++) {
            bottoms.add(NetFiles.text(l.bottom(i)));
        }
        List<String> tops = new ArrayList<>();
        for (int i = 0; i < l.top_size(); i++) {
            tops.add(NetFiles.text(l.top(i)));
        }
        LayerParameter rest = new LayerParameter(l);
        rest.clear_name();
        rest.clear_type();
        rest.clear_bottom();
        rest.clear_top();
        BytePointer text = rest.DebugString(); // JavaCPP gives null for an empty string, e.g. a plain ReLU
        return new NetLayer(NetFiles.text(l.name()), NetFiles.text(l.type()), bottoms, tops,
                text == null ? "" : text.getString());
    }
}
