package dev.sluice.dav;

import dev.sluice.security.SluiceAuthentication;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * Who is asking, as WebDAV needs it: a name that owns the locks they take, and the home that is their root. The
 * filter chain has already decided that they may use the method at all.
 *
 * @param principal the user's or token's name; {@code anonymous} without credentials
 * @param home the home prefix, or null for the whole store
 */
record DavCaller(String principal, @Nullable String home) {

    static final DavCaller ANONYMOUS = new DavCaller("anonymous", null);

    static Mono<DavCaller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(SluiceAuthentication.class::isInstance)
                .map(auth -> {
                    var caller = ((SluiceAuthentication) auth).caller();
                    return new DavCaller(caller.name(), caller.home());
                })
                .defaultIfEmpty(ANONYMOUS);
    }
}
