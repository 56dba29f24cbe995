package dev.sluice.security;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who is asking: a user (by password or session cookie) or a token, with every role it has (implied ones
 * included) and the prefix it is confined to.
 *
 * @param name the user's or token's name
 * @param roles granted roles plus the ones they imply
 * @param home null, or the prefix (ending in {@code /}) outside which the caller may not see or write anything
 */
public record Caller(String name, Set<Role> roles, @Nullable String home) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** A caller with {@code granted} roles and the ones they imply. */
    static Caller of(String name, List<Role> granted, @Nullable String home) {
        Set<Role> all = EnumSet.noneOf(Role.class);
        granted.forEach(role -> all.addAll(role.withImplied()));
        return new Caller(name, all, home);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Whether a key or listing prefix lies within the caller's home. */
    public boolean reaches(String keyOrPrefix) {
        return home == null || keyOrPrefix.startsWith(home);
    }

    /** The roles as JSON shows them, highest first: {@code ["admin", "writer", "reader"]}. */
    public List<String> roleLabels() {
        return roles.stream().sorted(Comparator.reverseOrder()).map(Role::label).toList();
    }
}
