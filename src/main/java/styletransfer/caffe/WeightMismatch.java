package styletransfer.caffe;

/** A caffemodel layer that Caffe would refuse (a CHECK failure) or silently leave with random weights. */
record WeightMismatch(String layer, String problem) {
    @Override
    public String toString() {
        return layer + ": " + problem;
    }
}
