package styletransfer.transfer;

/** Where the time of one iteration goes. */
public enum Phase { FORWARD, GRAM_LOSS, BACKWARD, OPTIMIZER, COPIES }
