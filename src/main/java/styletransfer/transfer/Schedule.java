package styletransfer.transfer;

/** Which Caffe work one evaluation of the objective does; both give the same loss and gradient. */
public enum Schedule {
    /**
     * The reference's work exactly: forward through the whole net, weight gradients computed, and each backward
     * range running down to and including the layer of the next weighted blob (which the next range runs again).
     */
    REFERENCE,
    /**
     * Only the needed work: forward up to the deepest weighted blob, no weight gradients, and backward ranges that
     * stop just above the next weighted layer, so no layer runs backward twice.
     */
    MINIMAL
}
