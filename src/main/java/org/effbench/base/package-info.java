/**
 * The ground floor: the vocabulary every other package shares and that depends on nothing of the
 * project. {@link org.effbench.base.Dtype} (the number formats sizes and activation memory are
 * reported for), {@link org.effbench.base.ComputeDtype} (the formats a model's products ran in, by
 * MACs: the {@code dtype} of a results row), {@link org.effbench.base.Flops} (FLOPs = 2 x MACs,
 * stated once), {@link org.effbench.base.ShapeText} (shapes written as users type them, {@code
 * 1x3x224x224}), {@link org.effbench.base.AtomicFiles} (files that appear whole or not at all),
 * {@link org.effbench.base.Fingerprints} (short stable identities of content), {@link
 * org.effbench.base.Checks} (the one wording for an out-of-range number), {@link
 * org.effbench.base.PercentileRule} (which percentiles a sample count supports) and {@link
 * org.effbench.base.Utf8} (where a text file stops being UTF-8). Nothing here imports another
 * effbench package.
 */
package org.effbench.base;
