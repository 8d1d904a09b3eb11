package styletransfer.transfer;

import java.util.List;

/** A loss split by weighted layer (shallowest first): the content and style terms, already weighted; and the TV term. */
public record LossParts(List<String> blobs, double[] content, double[] style, double tv) {
    public double total() {
        double t = tv;
        for (int i = 0; i < blobs.size(); i++) {
            t += content[i] + style[i];
        }
        return t;
    }
}
