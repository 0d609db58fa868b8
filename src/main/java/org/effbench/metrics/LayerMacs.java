package org.effbench.metrics;

import java.util.List;

/**
 * A zoo model's MACs per layer in execution order, as the per-layer chart draws them.
 *
 * @param batch the traced batch size the MACs include
 */
public record LayerMacs(String model, long batch, List<Layer> layers) {

    /** One layer's name and MACs. */
    public record Layer(String name, long macs) {}

    public LayerMacs {
        layers = List.copyOf(layers);
    }

    public static LayerMacs of(ModelProfile profile) {
        return new LayerMacs(
                profile.model(),
                profile.batch(),
                profile.layers().stream().map(l -> new Layer(l.name(), l.macs())).toList());
    }

    public long macs() {
        return layers.stream().mapToLong(Layer::macs).sum();
    }
}
