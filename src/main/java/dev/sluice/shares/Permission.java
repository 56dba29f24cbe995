package dev.sluice.shares;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.util.Locale;

/** What a link lets its holder do. */
public enum Permission {
    /** Download one key, or list and download under a prefix. */
    READ,
    /** Upload into a prefix (renamed on conflict), without seeing what is there. */
    UPLOAD;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Permission parse(String value) {
        for (Permission permission : values()) {
            if (permission.label().equals(value)) {
                return permission;
            }
        }
        throw new ApiException(ProblemCode.INVALID_REQUEST, "permission must be 'read' or 'upload'");
    }
}
