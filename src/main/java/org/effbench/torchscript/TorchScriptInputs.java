package org.effbench.torchscript;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.effbench.counting.Value;
import org.effbench.model.TorchScriptModel;

/**
 * A file model's inputs as the code counter takes them: shapes at a batch size, element types by
 * name.
 */
public final class TorchScriptInputs {

    private TorchScriptInputs() {}

    public static List<Value.Tensor> of(List<TorchScriptModel.Input> inputs, int batch) {
        List<Value.Tensor> out = new ArrayList<>();
        for (TorchScriptModel.Input in : inputs) {
            List<Long> dims = new ArrayList<>();
            for (long d : in.shape().getShape()) {
                dims.add(d);
            }
            dims.set(0, (long) batch);
            out.add(new Value.Tensor(dims, in.type().name().toLowerCase(Locale.ROOT)));
        }
        return out;
    }
}
