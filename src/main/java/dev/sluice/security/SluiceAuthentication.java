package dev.sluice.security;

import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The one {@link Authentication} every way of logging in ends with, so that authorization reads a {@link Caller}
 * whatever the credentials were.
 */
public final class SluiceAuthentication extends AbstractAuthenticationToken {

    /** How the caller proved who it is. */
    public enum Method {
        PASSWORD,
        TOKEN,
        SESSION
    }

    private final Caller caller;
    private final Method method;

    SluiceAuthentication(Caller caller, Method method) {
        super(authorities(caller));
        this.caller = caller;
        this.method = method;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    public Method method() {
        return method;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller.name();
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SluiceAuthentication that && caller.equals(that.caller) && method == that.method;
    }

    @Override
    public int hashCode() {
        return caller.hashCode() * 31 + method.hashCode();
    }

    private static Collection<GrantedAuthority> authorities(Caller caller) {
        return caller.roles().stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority()))
                .toList();
    }
}
