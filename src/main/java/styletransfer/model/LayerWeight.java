package styletransfer.model;

/** A blob of the net whose representation enters the objective, with its weight. */
public record LayerWeight(String blob, double weight) {}
