package styletransfer.model;

public record LayerWeight(String blob, double weight) {}
