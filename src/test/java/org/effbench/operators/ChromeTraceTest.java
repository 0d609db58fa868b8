package org.effbench.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChromeTraceTest {

    /** The legacy format DJL writes: "shape" per event, µs times, nesting only by time. */
    static String trace(String... events) {
        return "[" + String.join(",\n", events) + "]";
    }

    static String event(String name, double ts, double dur, String shapes) {
        return String.format(
                java.util.Locale.ROOT,
                "{\"name\": \"%s\", \"ph\": \"X\", \"ts\": %.1f, \"dur\": %.1f, \"tid\": 1, \"pid\": \"CPU Functions\", "
                        + "\"shape\": %s, \"cpu mem\": \"0 b\", \"args\": {}}",
                name,
                ts,
                dur,
                shapes);
    }

    @Test
    void nestsByTimeAndComputesSelfTime() {
        List<OpEvent> roots =
                ChromeTrace.parse(
                        trace(
                                event("aten::linear", 0, 100, "[[2, 4], [3, 4], [3]]"),
                                event("aten::t", 1, 5, "[[3, 4]]"),
                                event("aten::addmm", 10, 80, "[[3], [2, 4], [4, 3], [], []]"),
                                event("aten::empty", 11, 2, "[[], [], [], [], [], []]"),
                                event("aten::relu", 120, 10, "[[2, 3]]")));

        assertThat(roots).extracting(OpEvent::name).containsExactly("aten::linear", "aten::relu");
        OpEvent linear = roots.get(0);
        assertThat(linear.children())
                .extracting(OpEvent::name)
                .containsExactly("aten::t", "aten::addmm");
        assertThat(linear.children().get(1).children())
                .extracting(OpEvent::name)
                .containsExactly("aten::empty");
        assertThat(linear.selfMicros()).isEqualTo(15.0); // 100 - 5 - 80
        assertThat(linear.children().get(1).selfMicros()).isEqualTo(78.0);
        assertThat(linear.input(1)).containsExactly(3L, 4L);
        assertThat(linear.input(7)).isEmpty();
    }

    @Test
    void readsTheNewerFormatsInputDims() {
        List<OpEvent> roots =
                ChromeTrace.parse(
                        "{\"traceEvents\": [{\"name\": \"aten::mm\", \"ph\": \"X\", \"ts\": 5, "
                                + "\"dur\": 3, \"tid\": 7, \"args\": {\"Input Dims\": [[2, 3], [3, 4]]}}]}");
        assertThat(roots.get(0).inputShapes()).containsExactly(List.of(2L, 3L), List.of(3L, 4L));
    }

    /** "cpu mem": bytes allocated minus freed during the call, nested calls included. */
    @Test
    void readsMemory() {
        List<OpEvent> roots =
                ChromeTrace.parse(
                        trace(
                                event("forward", 0, 100, "[]").replace("\"0 b\"", "\"1.5 Kb\""),
                                event("aten::mul", 1, 10, "[[4]]").replace("\"0 b\"", "\"4 Mb\""),
                                event("aten::add", 20, 10, "[[4]]")
                                        .replace("\"0 b\"", "\"-512 b\"")));
        OpEvent forward = roots.get(0);
        assertThat(forward.memoryBytes()).isEqualTo(1536);
        assertThat(forward.children().get(0).memoryBytes()).isEqualTo(4 * 1024 * 1024);
        assertThat(forward.children().get(1).memoryBytes()).isEqualTo(-512);
        assertThat(ChromeTrace.bytes("3.5 Gb")).isEqualTo(3.5 * 1024 * 1024 * 1024);
        assertThatThrownBy(() -> ChromeTrace.bytes("lots"))
                .hasMessage("unexpected memory figure in libtorch's profile: 'lots'");
    }

    @Test
    void somethingElseIsRejectedInOneLine() {
        assertThatThrownBy(() -> ChromeTrace.parse("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("libtorch's profile is not JSON");
        assertThatThrownBy(() -> ChromeTrace.parse("{\"a\": 1}"))
                .hasMessage("libtorch's profile is not a chrome trace (no event array)");
    }
}
