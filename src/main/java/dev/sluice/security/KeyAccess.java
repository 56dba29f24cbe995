package dev.sluice.security;

import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import dev.sluice.web.RawKeys;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * The one rule for who may touch which keys, consulted by the filter chain for every key and listing prefix before
 * any controller runs (so before an upload's body is read): the caller needs the role, and the key or prefix must
 * lie within the caller's home. Outside it the answer is 403 whether or not anything exists there. A key or prefix
 * that does not parse is let through to the controller, which refuses it with 400 without touching storage.
 */
final class KeyAccess {

    private final boolean anonymousRead;

    KeyAccess(boolean anonymousRead) {
        this.anonymousRead = anonymousRead;
    }

    /** Access to the key in the path after {@code route} (such as {@code /api/v1/files/}). */
    ReactiveAuthorizationManager<AuthorizationContext> key(Role role, String route) {
        return decide(
                role,
                exchange -> RawKeys.keyAfter(
                                exchange.getRequest()
                                        .getPath()
                                        .pathWithinApplication()
                                        .value(),
                                route)
                        .value());
    }

    /**
     * Access to the folder whose key is in the path after {@code route} (such as {@code /api/v1/zip/}): the folder
     * ends in {@code /}, so a caller whose home is {@code alice/} reaches {@code alice} itself. No key (the route
     * alone) is everything the caller may read, which the controller confines to the home.
     */
    ReactiveAuthorizationManager<AuthorizationContext> folder(Role role, String route) {
        return decide(
                role,
                exchange -> RawKeys.keyAfter(
                                        exchange.getRequest()
                                                .getPath()
                                                .pathWithinApplication()
                                                .value(),
                                        route)
                                .value()
                        + "/");
    }

    /** Access to the {@code prefix} query parameter of a listing or multipart upload (empty: everything). */
    ReactiveAuthorizationManager<AuthorizationContext> prefix(Role role) {
        return decide(role, exchange -> {
            String prefix = exchange.getRequest().getQueryParams().getFirst("prefix");
            return ObjectKey.validatePrefix(prefix == null ? "" : prefix);
        });
    }

    /** Access that needs only the role, such as the upload limits. */
    ReactiveAuthorizationManager<AuthorizationContext> role(Role role) {
        return decide(role, exchange -> null);
    }

    /** Whether an anonymous caller may read. */
    boolean anonymousRead() {
        return anonymousRead;
    }

    private ReactiveAuthorizationManager<AuthorizationContext> decide(
            Role role, Function<ServerWebExchange, @Nullable String> target) {
        return (authentication, context) -> authentication
                .filter(Authentication::isAuthenticated)
                .filter(SluiceAuthentication.class::isInstance)
                .map(auth -> ((SluiceAuthentication) auth).caller())
                .map(caller -> allows(caller, role, context.getExchange(), target))
                .defaultIfEmpty(anonymousRead && role == Role.READER)
                .map(KeyAccess::granted);
    }

    private static boolean allows(
            Caller caller,
            Role role,
            ServerWebExchange exchange,
            Function<ServerWebExchange, @Nullable String> target) {
        if (!caller.has(role)) {
            return false;
        }
        if (caller.home() == null) {
            return true;
        }
        try {
            String keyOrPrefix = target.apply(exchange);
            return keyOrPrefix == null || caller.reaches(keyOrPrefix);
        } catch (InvalidKeyException invalid) {
            return true;
        }
    }

    /** For the type checker: the decisions above are plain {@link AuthorizationResult}s. */
    static AuthorizationResult granted(boolean granted) {
        return new AuthorizationDecision(granted);
    }
}
