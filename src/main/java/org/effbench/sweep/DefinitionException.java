package org.effbench.sweep;

/**
 * A sweep definition that cannot be run; the message names the file, the line and what is accepted.
 */
public final class DefinitionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public DefinitionException(String message) {
        super(message);
    }
}
