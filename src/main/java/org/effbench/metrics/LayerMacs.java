package org.effbench.metrics;

import java.util.List;

/**
 * A zoo model's MACs per layer in execution order, as the per-layer chart draws them.
 *
 * @param batch the traced batch size the MACs include
 */
public record LayerMacs(String model, long batch, List<Layer> layers) {

    /**
     * One layer's name, what it is and its MACs.
     *
     * @param kind its kind and settings, e.g. {@code Conv2d 3x3 s1 p1 g1}; empty when not known
     */
    public record Layer(String name, String kind, long macs) {

        /** For a chart: {@code 4.0.body.3 Conv2d 3x3 s1 p1 g1}. */
        public String label() {
            return kind.isEmpty() ? name : name + " " + kind;
        }
    }

    public LayerMacs {
        layers = List.copyOf(layers);
    }

    public static LayerMacs of(ModelProfile profile) {
        return new LayerMacs(
                profile.model(),
                profile.batch(),
                profile.layers().stream()
                        .map(
                                l ->
                                        new Layer(
                                                l.name(),
                                                (l.kind() + " " + l.settings()).strip(),
                                                l.macs()))
                        .toList());
    }

    public long macs() {
        return layers.stream().mapToLong(Layer::macs).sum();
    }
}
