/** The Java-side input step of a serving loop: JPEG decoding and normalisation into model input. */
package org.effbench.pipeline;
