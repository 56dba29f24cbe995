package dev.sluice.security;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Per user, the time before which every session cookie is void: written by {@code POST /logout}, read on every
 * request with a session cookie. Kept in storage through the {@link ObjectStore}, under the reserved
 * {@code .sluice/sessions/<base64url of the name>} keys (like share records), so a logout ends the session on every
 * instance at once, on every backend. The record is the epoch second of the logout, as ASCII digits.
 */
final class SessionRevocations {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_RECORD_BYTES = 64;

    private final ObjectStore store;

    SessionRevocations(ObjectStore store) {
        this.store = store;
    }

    /** The epoch second of the user's last logout, or 0 when there was none. */
    Mono<Long> validAfter(String name) {
        return Mono.usingWhen(
                        store.open(keyOf(name)), SessionRevocations::read, object -> Mono.fromRunnable(object::close))
                .onErrorResume(ObjectNotFoundException.class, missing -> Mono.just(0L));
    }

    /** Voids every session of {@code name} issued at or before {@code epochSecond}. */
    Mono<Void> revoke(String name, long epochSecond) {
        byte[] bytes = Long.toString(epochSecond).getBytes(StandardCharsets.US_ASCII);
        return store.write(
                        keyOf(name),
                        Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(bytes)),
                        new StageOptions("text/plain"),
                        Precondition.NONE)
                .then();
    }

    private static Mono<Long> read(StoredObject object) {
        if (object.info().size() > MAX_RECORD_BYTES) {
            return Mono.error(new IllegalStateException(
                    "session record too large: " + object.info().key()));
        }
        return DataBufferUtils.join(object.read(0, object.info().size())).map(buffer -> {
            try {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.read(bytes);
                return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII).trim());
            } finally {
                DataBufferUtils.release(buffer);
            }
        });
    }

    static ObjectKey keyOf(String name) {
        return ObjectKey.reserved("sessions/" + ENCODER.encodeToString(name.getBytes(StandardCharsets.UTF_8)));
    }
}
