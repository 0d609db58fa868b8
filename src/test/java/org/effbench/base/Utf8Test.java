package org.effbench.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {

    @Test
    void utf8TextHasNoInvalidByte() {
        assertThat(Utf8.firstInvalid(new byte[0])).isEmpty();
        assertThat(
                        Utf8.firstInvalid(
                                "ms/op \u00b5s/op \u00b7gc \u2265 1"
                                        .getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void theFirstInvalidByteIsNamedByValueAndOffset() {
        // windows-1252's middle dot, alone
        assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', (byte) 0xB7, 'c', (byte) 0xB5}))
                .hasValue("byte 0xB7 at offset 2");
        // a two-byte character cut short at the end of the file
        assertThat(Utf8.firstInvalid(new byte[] {'a', (byte) 0xC2}))
                .hasValue("byte 0xC2 at offset 1");
        // a three-byte character whose second byte is not a continuation: where it starts
        assertThat(Utf8.firstInvalid(new byte[] {'x', 'y', (byte) 0xE2, 'A', 'B'}))
                .hasValue("byte 0xE2 at offset 2");
        // past the decoder's first buffer
        byte[] long_ = new byte[20_000];
        java.util.Arrays.fill(long_, (byte) 'a');
        long_[19_999] = (byte) 0xFF;
        assertThat(Utf8.firstInvalid(long_)).hasValue("byte 0xFF at offset 19999");
    }
}
