package dev.sluice.security;

import java.net.InetSocketAddress;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The client's address for throttling: the socket's peer, or, behind a proxy with
 * {@code server.forward-headers-strategy} set, the address the proxy reported (Spring applies X-Forwarded-For
 * before this sees the request).
 */
final class ClientAddress {

    private ClientAddress() {}

    static String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
    }
}
