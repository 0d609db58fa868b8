package org.effbench.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One {@code key = value} line of a definition, able to say where it came from when its value is
 * wrong.
 */
record DefinitionLine(String source, int number, String key, String value) {

    DefinitionException error(String reason) {
        return new DefinitionException(source + ":" + number + ": " + reason);
    }

    /** {@code "KEY 'VALUE' is not accepted; accepted: ACCEPTED"}, at this line. */
    DefinitionException rejected(String accepted) {
        return error(key + " '" + value + "' is not accepted; accepted: " + accepted);
    }

    /**
     * The comma-separated items, each read by {@code readOne} as a line of its own; none empty,
     * none twice. {@code accepted} is what the key accepts, in the README's words, for the message
     * of an empty one.
     */
    <T> List<T> list(String accepted, Function<DefinitionLine, T> readOne) {
        List<T> out = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                throw error(
                        key
                                + " '"
                                + value
                                + "' is not accepted ("
                                + (value.isBlank() ? "empty" : "an empty item")
                                + "); accepted: "
                                + plain(accepted));
            }
            T parsed = readOne.apply(new DefinitionLine(source, number, key, trimmed));
            if (out.contains(parsed)) {
                throw error(key + " lists '" + trimmed + "' twice");
            }
            out.add(parsed);
        }
        return out;
    }

    /** README text as a console line: no code marks, ASCII comparisons. */
    private static String plain(String readme) {
        return readme.replace("`", "").replace("\u2265", ">=");
    }

    /** The value parsed by {@code parser}, whose message is kept and placed at this line. */
    <T> T parsed(Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (DefinitionException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }
}
