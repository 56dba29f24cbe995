package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.ListQuery;
import dev.sluice.storage.local.LocalObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** The secret kept in storage: created once, create-only, and the same for every instance on that storage. */
class ServerSecretTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void instancesStartingTogetherAllReadTheOneSecretThatWasCreated() throws Exception {
        ExecutorService io = LocalObjectStore.fileIoExecutor(2);
        try (LocalObjectStore store = LocalObjectStore.open(
                root, io, Schedulers.boundedElastic(), DefaultDataBufferFactory.sharedInstance, true)) {
            List<byte[]> secrets = Flux.range(0, 8)
                    .flatMap(i -> ServerSecret.fromStore(store), 8)
                    .collectList()
                    .block(TIMEOUT);
            assertThat(secrets).hasSize(8);
            assertThat(secrets.get(0)).hasSize(32);
            assertThat(secrets).allSatisfy(secret -> assertThat(secret).isEqualTo(secrets.get(0)));
            assertThat(ServerSecret.fromStore(store).block(TIMEOUT)).isEqualTo(secrets.get(0));
            // Kept under the reserved folder, which listings never show
            assertThat(store.list(new ListQuery("", true, null, 100))
                            .block(TIMEOUT)
                            .prefixes())
                    .doesNotContain(".sluice/");
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void withSecurityOffNoSecretIsWrittenToTheDataFolder() throws Exception {
        ExecutorService io = LocalObjectStore.fileIoExecutor(2);
        try (LocalObjectStore store = LocalObjectStore.open(
                root, io, Schedulers.boundedElastic(), DefaultDataBufferFactory.sharedInstance, true)) {
            SecurityProperties off = new SecurityProperties(
                    false,
                    false,
                    List.of(),
                    List.of(),
                    null,
                    Duration.ofHours(12),
                    false,
                    new SecurityProperties.Throttle(10, Duration.ofMinutes(5), 100, Duration.ZERO),
                    new SecurityProperties.PasswordCache(Duration.ZERO, 0));
            ServerSecret secret = ServerSecret.load(off, store);
            assertThat(secret.mac("share").doFinal(new byte[] {1})).hasSize(32);
            assertThat(java.nio.file.Files.exists(root.resolve(".sluice/secret")))
                    .isFalse();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> store.stat(ServerSecret.STORED).block(TIMEOUT))
                    .isInstanceOf(dev.sluice.storage.ObjectNotFoundException.class);
        } finally {
            io.shutdownNow();
        }
    }
}
