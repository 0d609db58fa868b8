package org.effbench.sweep;

/**
 * Which part of a sweep this machine runs: the model configurations whose position in the sweep's
 * fixed order is {@code index} modulo {@code count}. {@code index} is 0-based, as a Kubernetes
 * Indexed Job's {@code JOB_COMPLETION_INDEX} and most CI matrices count.
 */
public record Shard(int index, int count) {

    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException(
                    "shard "
                            + index
                            + "/"
                            + count
                            + " is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4");
        }
    }

    /**
     * @throws IllegalArgumentException naming the text and the accepted form
     */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length == 2) {
            try {
                return new Shard(
                        Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(
                "shard '" + text + "' is not accepted; accepted: i/n with 0 <= i < n, e.g. 0/4");
    }

    public boolean contains(int position) {
        return position % count == index;
    }

    public boolean whole() {
        return count == 1;
    }

    /** For folder names: {@code shard-1-of-4}. */
    public String label() {
        return "shard-" + index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
