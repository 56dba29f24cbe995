package dev.sluice.security;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who the caller is, for the page: {@code GET /api/v1/me} and the answer to a login.
 *
 * @param name the user's or token's name; null when not logged in
 * @param roles every role the caller has, implied ones included, highest first; for an anonymous caller
 *     {@code ["reader"]} when anonymous read is on, else empty; all three when security is off
 * @param home the prefix the caller is confined to, or null
 * @param authenticated whether the request was authenticated
 * @param loginRequired false when security is off (the page then shows no login)
 */
public record Me(
        @Nullable String name,
        List<String> roles,
        @Nullable String home,
        boolean authenticated,
        boolean loginRequired) {

    static Me of(Caller caller) {
        return new Me(caller.name(), caller.roleLabels(), caller.home(), true, true);
    }
}
