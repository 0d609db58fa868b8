package org.effbench.base;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Short stable identities of content: machines, sweep definitions, the MKL shim's source. */
public final class Fingerprints {

    private Fingerprints() {}

    /** The first {@code bytes} bytes of the SHA-256 of {@code data}, in lower-case hex. */
    public static String sha256Hex(byte[] data, int bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static String sha256Hex(String text, int bytes) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8), bytes);
    }
}
