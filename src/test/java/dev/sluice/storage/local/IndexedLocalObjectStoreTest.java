package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The whole local-store contract again with extended attributes turned off ({@code sluice.storage.xattrs=false}),
 * so that metadata goes through the index in the state folder, as on filesystems without user attributes.
 */
class IndexedLocalObjectStoreTest extends LocalObjectStoreTest {

    @Override
    protected LocalObjectStore open(Path directory) {
        return LocalObjectStore.open(
                new LocalObjectStore.Options(directory, null, true, true, false, 0, 0),
                io,
                Schedulers.boundedElastic(),
                buffers,
                FormatUpgrade.trailerConversion(false));
    }

    @Test
    void metadataGoesToTheIndexAndNeverOntoTheFile() throws IOException {
        assertThat(store.usesExtendedAttributes()).isFalse();
        store.write(
                        ObjectKey.of("a/b.txt"),
                        Flux.just(buffers.wrap("indexed".getBytes(StandardCharsets.UTF_8))),
                        new StageOptions("text/x-custom"),
                        Precondition.NONE)
                .block(Duration.ofSeconds(10));

        Path file = root.resolve("a/b.txt");
        assertThat(Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                        .list())
                .isEmpty();
        try (var entries = Files.walk(store.stateDirectory().resolve("index"))) {
            assertThat(entries.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
        assertThat(store.stat(ObjectKey.of("a/b.txt"))
                        .block(Duration.ofSeconds(10))
                        .contentType())
                .isEqualTo("text/x-custom");
    }
}
