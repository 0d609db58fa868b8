package org.effbench.base;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Text files that should be UTF-8, and where one is not: the first byte that does not decode, by
 * value and offset, so a message can name it instead of saying {@code Input length = 1}.
 */
public final class Utf8 {

    private Utf8() {}

    /**
     * The first byte of {@code bytes} that does not start or continue a UTF-8 character: {@code
     * "byte 0xB7 at offset 1234"}; empty when all of them do.
     */
    public static Optional<String> firstInvalid(byte[] bytes) {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (!result.isError()) {
            out.clear();
            result = decoder.flush(out);
        }
        if (!result.isError()) {
            return Optional.empty();
        }
        int at = Math.min(in.position(), bytes.length - 1);
        return Optional.of(
                String.format(Locale.ROOT, "byte 0x%02X at offset %d", bytes[at] & 0xff, at));
    }
}
