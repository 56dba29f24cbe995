package dev.sluice.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The three roles, each implying the ones before it: {@code admin > writer > reader}. Configured in lower case
 * ({@code roles: [writer]}).
 */
public enum Role {
    /** List, metadata, download. */
    READER,
    /** Also upload, delete, and create share links. */
    WRITER,
    /** Also everyone's share links and the actuator's data endpoints. */
    ADMIN;

    /** The Spring Security authority, such as {@code ROLE_WRITER}. */
    String authority() {
        return "ROLE_" + name();
    }

    /** The name used in configuration and JSON, such as {@code writer}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role and every role it implies. */
    Set<Role> withImplied() {
        return EnumSet.range(READER, this);
    }
}
