package styletransfer.transfer;

import java.util.List;

/** A loss split by weighted layer (shallowest first): the content and style terms, already weighted. */
public record LossParts(List<String> blobs, double[] content, double[] style) {
    public double total() {
        double t = 0;
        for (int i = 0; i < blobs.size(); i++) {
            t += content[i] + style[i];
        }
        return t;
    }
}
