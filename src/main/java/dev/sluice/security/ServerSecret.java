package dev.sluice.security;

import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StageOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The HMAC secret behind session cookies and share links, the same on every instance: from
 * {@code sluice.security.secret}, or else created once in storage at {@code .sluice/secret} with a create-only
 * write (two instances starting together both read back the one that won) and never made per instance. Each use
 * gets a key of its own derived from it ({@link #mac(String)}), so a session cookie can never pass for a share link.
 */
public final class ServerSecret {

    static final ObjectKey STORED = ObjectKey.reserved("secret");
    private static final String HMAC = "HmacSHA256";
    private static final int MIN_CONFIGURED_LENGTH = 32;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final byte[] secret;

    private ServerSecret(byte[] secret) {
        this.secret = secret;
    }

    /**
     * Reads (or creates) the secret. Blocks: called once while the application starts, on the main thread, never on
     * an event loop.
     */
    static ServerSecret load(SecurityProperties properties, ObjectStore store) {
        String configured = properties.secret();
        if (configured != null && !configured.isEmpty()) {
            if (configured.length() < MIN_CONFIGURED_LENGTH) {
                throw new IllegalStateException("sluice.security.secret must be at least " + MIN_CONFIGURED_LENGTH
                        + " characters (for example: openssl rand -base64 32)");
            }
            return new ServerSecret(configured.getBytes(StandardCharsets.UTF_8));
        }
        if (!properties.enabled()) {
            // No sessions to sign: nothing is written to the data folder. Share links still need a key; an existing
            // stored secret keeps earlier links valid, else one lives in memory until the process stops.
            byte[] existing = read(store)
                    .onErrorResume(ObjectNotFoundException.class, missing -> Mono.empty())
                    .block(STARTUP_TIMEOUT);
            if (existing != null) {
                return new ServerSecret(existing);
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new ServerSecret(random);
        }
        byte[] stored = Objects.requireNonNull(fromStore(store).block(STARTUP_TIMEOUT), "no server secret was read");
        return new ServerSecret(stored);
    }

    /** The stored secret, created first when there is none; the create is create-only, so one writer wins. */
    static Mono<byte[]> fromStore(ObjectStore store) {
        return read(store)
                .onErrorResume(
                        ObjectNotFoundException.class,
                        missing -> create(store)
                                .onErrorResume(PreconditionFailedException.class, lost -> Mono.empty())
                                .then(read(store)));
    }

    /** A MAC keyed for one purpose, such as {@code session} or {@code share}: a new instance per call. */
    public Mac mac(String purpose) {
        try {
            Mac derive = Mac.getInstance(HMAC);
            derive.init(new SecretKeySpec(secret, HMAC));
            byte[] key = derive.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is missing from this JVM", e);
        }
    }

    private static Mono<byte[]> read(ObjectStore store) {
        return Lifecycles.readClosing(
                store.open(STORED),
                object -> DataBufferUtils.join(object.read(0, object.info().size()))
                        .map(buffer -> {
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            DataBufferUtils.release(buffer);
                            return Base64.getDecoder().decode(new String(bytes, StandardCharsets.US_ASCII).trim());
                        }));
    }

    private static Mono<Void> create(ObjectStore store) {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        byte[] content = Base64.getEncoder().encode(random);
        return store.write(
                        STORED,
                        Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(content)),
                        new StageOptions("text/plain"),
                        Precondition.ABSENT)
                .then();
    }
}
