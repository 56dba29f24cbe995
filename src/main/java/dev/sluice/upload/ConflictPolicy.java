package dev.sluice.upload;

import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.util.Locale;

/** What a multipart upload does when a file's key is taken. */
public enum ConflictPolicy {
    /** Store under a free name: {@code a.txt} becomes {@code a (1).txt}. Nothing is overwritten. */
    RENAME,
    /** Overwrite the existing object. */
    REPLACE,
    /** Refuse with 409 {@code conflict}. */
    FAIL;

    /** The policy named {@code value} (any case); 400 {@code invalid-request} for another name. */
    public static ConflictPolicy parse(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "conflict must be rename, replace or fail");
        }
    }
}
