package styletransfer.transfer;

/**
 * A blob that takes part in the loss: a content layer, a style layer or both, each with its weight.
 * {@code channels} x {@code positions} is the blob's feature matrix F at the net's current input size.
 */
public record WeightedLayer(String blob, boolean content, double contentWeight, boolean style, double styleWeight,
                            int channels, int positions) {
    public int size() {
        return channels * positions;
    }

    WeightedLayer resized(int channels, int positions) {
        return new WeightedLayer(blob, content, contentWeight, style, styleWeight, channels, positions);
    }
}
