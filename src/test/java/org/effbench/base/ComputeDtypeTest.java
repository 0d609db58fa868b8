package org.effbench.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComputeDtypeTest {

    @Test
    void oneFormatForEveryMacIsTheLabel() {
        ComputeDtype bf16 = new ComputeDtype(Map.of("bf16", 97_280L), false);
        assertThat(bf16.label()).isEqualTo("bf16");
        assertThat(bf16.dtype()).contains(Dtype.BF16);
        assertThat(bf16.caveat()).isEmpty();
        assertThat(ComputeDtype.all(Dtype.FP32, 10).label()).isEqualTo("fp32");
        // a format outside Dtype is named, but gives no element width
        assertThat(new ComputeDtype(Map.of("fp64", 8L), false).dtype()).isEmpty();
    }

    /** 92,160 of 97,280 MACs: 94.74% and 5.26%, largest first whatever the map's order. */
    @Test
    void severalFormatsAreMixedWithTheirShares() {
        ComputeDtype mixed = new ComputeDtype(Map.of("fp32", 5_120L, "bf16", 92_160L), false);
        assertThat(mixed.label()).isEqualTo("mixed");
        assertThat(mixed.dtype()).isEmpty();
        assertThat(List.copyOf(mixed.macs().keySet())).containsExactly("bf16", "fp32");
        assertThat(mixed.caveat())
                .contains("computed in several dtypes: bf16 94.7% of MACs, fp32 5.26%");
    }

    @Test
    void whatIsNotKnownIsSaid() {
        assertThat(new ComputeDtype(Map.of(), false).label()).isEmpty();
        assertThat(new ComputeDtype(Map.of(), false).caveat())
                .contains("dtype not known: no matrix product counted");
        ComputeDtype unknown = new ComputeDtype(Map.of(ComputeDtype.UNKNOWN, 4L), false);
        assertThat(unknown.label()).isEmpty();
        assertThat(unknown.caveat())
                .contains("the operands' dtype of some matrix products is not known");
        assertThat(new ComputeDtype(Map.of("fp32", 64L), true).caveat())
                .contains(
                        "dtype fp32 from the matrix products the code count followed (it is"
                                + " partial)");
    }
}
