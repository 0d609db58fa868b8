package org.effbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.effbench.model.LoadedModel;
import org.effbench.model.ModelSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The harness's per-invocation scope frees everything a forward pass makes, for every kind of
 * model.
 */
class InvocationScopeTest {

    @BeforeAll
    static void engine() {
        TorchEngine.start(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "mlp",
                "squeezenet1_1",
                "mobilenet_v2",
                "resnet18",
                "bert_base:seq=8",
                "lstm:seq=4"
            })
    void scopedPassesLeaveNothingBehind(String id) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id));
                NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, 2, 3);
            int callerArrays = caller.getManagedArrays().size();
            int modelArrays = model.manager().getManagedArrays().size();

            for (int i = 0; i < 3; i++) {
                model.inferInScope(caller, input);
            }

            assertThat(caller.getManagedArrays()).hasSize(callerArrays);
            assertThat(model.manager().getManagedArrays()).hasSize(modelArrays);
            assertThat(input.head().isReleased()).as("input survives its scopes").isFalse();
            assertThat(input.head().getManager()).isSameAs(caller);
        }
    }

    /** The contrast that shows the check above can fail: without a scope, every pass piles up. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mlp", "resnet18"})
    void unscopedPassesPileUpOnTheInputsManager(String id) {
        try (LoadedModel model = LoadedModel.load(ModelSpec.parse(id));
                NDManager caller = NDManager.newBaseManager(TorchEngine.NAME)) {
            NDList input = model.newInput(caller, 1, 3);
            int before = caller.getManagedArrays().size();

            model.forward(input);
            int afterOne = caller.getManagedArrays().size();
            model.forward(input);

            assertThat(afterOne).isGreaterThan(before);
            assertThat(caller.getManagedArrays()).hasSize(before + 2 * (afterOne - before));
        }
    }
}
