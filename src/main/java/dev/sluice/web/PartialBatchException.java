package dev.sluice.web;

import java.util.List;

/**
 * A multi-file upload that failed part-way: the problem is the cause's, plus a {@code stored} member listing the
 * files stored before the failure (they stay, as API.md says).
 */
public final class PartialBatchException extends RuntimeException {

    private final transient List<?> stored;

    public PartialBatchException(Throwable cause, List<?> stored) {
        super(cause.getMessage(), cause);
        this.stored = List.copyOf(stored);
    }

    public List<?> stored() {
        return stored;
    }
}
