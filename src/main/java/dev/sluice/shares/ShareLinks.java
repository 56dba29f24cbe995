package dev.sluice.shares;

import dev.sluice.security.ServerSecret;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Link tokens and their checks. A token is {@code <id>.<HMAC-SHA-256 of the id>} (base64url), keyed from the server
 * secret for this purpose alone: the Host header and the rest of the URL are not part of it, so links survive
 * proxies, and rotating the secret invalidates every link at once. Each use reads the record (no cache), so a
 * revocation holds on every instance immediately. Every refusal is 403 {@code forbidden}.
 */
public final class ShareLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ServerSecret secret;
    private final ShareRecords records;
    private final Clock clock;
    private final CreatorRights creators;

    ShareLinks(ServerSecret secret, ShareRecords records, Clock clock, CreatorRights creators) {
        this.secret = secret;
        this.records = records;
        this.clock = clock;
        this.creators = creators;
    }

    /** The token for a link's id. */
    String tokenOf(String id) {
        return id + "." + ENCODER.encodeToString(sign(id));
    }

    /**
     * The live share a token stands for, if it allows {@code permission}; else a 403 problem (also when the token is
     * tampered with, unknown, expired or revoked).
     */
    public Mono<Share> resolve(String token, @Nullable Permission permission) {
        String id = verifiedId(token);
        if (id == null) {
            return Mono.error(refused("This share link is not valid"));
        }
        return records.find(id)
                .switchIfEmpty(Mono.error(() -> refused("This share link is not valid")))
                .flatMap(share -> {
                    if (share.revoked()) {
                        return Mono.error(refused("This share link was revoked"));
                    }
                    if (!clock.instant().isBefore(share.expiresAt())) {
                        return Mono.error(refused("This share link has expired"));
                    }
                    if (permission != null && share.permission() != permission) {
                        return Mono.error(refused("This share link does not allow that"));
                    }
                    String lost = creators.refusal(share);
                    if (lost != null) {
                        return Mono.error(refused(lost));
                    }
                    return Mono.just(share);
                });
    }

    /** The live share a token stands for, whatever it allows; else a 403 problem. */
    public Mono<Share> resolveAny(String token) {
        return resolve(token, null);
    }

    /** A 403 problem for a link used for something it does not allow. */
    public static ApiException refusedPublic(String detail) {
        return refused(detail);
    }

    /** The id of a well-signed token, or null. */
    @Nullable
    String verifiedId(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return null;
        }
        String id = token.substring(0, dot);
        // Compares the text, not decoded bytes: a lenient Base64 decoder ignores the unused bits of the last
        // character, so several spellings of one signature would all pass; only the canonical one is accepted.
        byte[] expected = ENCODER.encodeToString(sign(id)).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? id : null;
    }

    static ApiException refused(String detail) {
        return new ApiException(ProblemCode.FORBIDDEN, detail);
    }

    private byte[] sign(String id) {
        return secret.mac("share").doFinal(id.getBytes(StandardCharsets.UTF_8));
    }
}
