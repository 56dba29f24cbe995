package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StoredObject;
import dev.sluice.testing.TrackingDataBufferFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The local store on a real filesystem without user extended attributes: ramfs (which refuses them with ENOTSUP,
 * as some NFS, SMB and FAT mounts do). The start-up probe notices and metadata goes to the index. A FAT image on a
 * loop device would be the same case, but the kernel of these machines has no vfat driver. Also a state folder on
 * another filesystem than the root. Mounting needs root; where it is not allowed the test is skipped, unless
 * {@code CI} is set.
 */
class NoXattrFilesystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Path mountPoint;
    private ExecutorService io;
    private final TrackingDataBufferFactory buffers = new TrackingDataBufferFactory();

    @BeforeEach
    void mountRamfs(@TempDir Path temp) throws Exception {
        mountPoint = Files.createDirectories(temp.resolve("ramfs"));
        Process mount = new ProcessBuilder("mount", "-t", "ramfs", "ramfs", mountPoint.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (mount.waitFor() != 0) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("cannot mount ramfs: " + output);
            }
            Assumptions.abort("cannot mount ramfs (needs root): " + output);
        }
        io = LocalObjectStore.fileIoExecutor(2);
    }

    @AfterEach
    void unmount() throws Exception {
        if (io != null) {
            io.shutdown();
            assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        new ProcessBuilder("umount", "-l", mountPoint.toString()).start().waitFor();
        buffers.assertAllReleased(Duration.ofSeconds(2));
    }

    @Test
    void withoutExtendedAttributesMetadataGoesToTheIndexAndEverythingWorks() throws Exception {
        Path root = mountPoint.resolve("files");
        Files.createDirectories(root);
        Files.writeString(root.resolve("mine.txt"), "there before");
        try (LocalObjectStore store = open(root, null)) {
            assertThat(store.usesExtendedAttributes()).isFalse();

            ObjectInfo written = store.write(
                            ObjectKey.of("up/load.bin"),
                            content("uploaded"),
                            new StageOptions("application/x-test"),
                            Precondition.ABSENT)
                    .block(TIMEOUT)
                    .info();
            ObjectInfo stat = store.stat(ObjectKey.of("up/load.bin")).block(TIMEOUT);
            assertThat(stat.contentType()).isEqualTo("application/x-test");
            assertThat(stat.sha256()).isEqualTo(written.sha256()).isEqualTo(sha256sum(root.resolve("up/load.bin")));
            assertThat(read(store, "up/load.bin")).isEqualTo("uploaded");

            assertThat(read(store, "mine.txt")).isEqualTo("there before");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            String hashed = null;
            while (hashed == null && System.nanoTime() < deadline) {
                hashed = store.stat(ObjectKey.of("mine.txt")).block(TIMEOUT).sha256();
                Thread.sleep(20);
            }
            assertThat(hashed).isEqualTo(sha256sum(root.resolve("mine.txt")));
        }
    }

    @Test
    void aStateFolderOnAnotherFilesystemKeepsStagingOnTheRootsAndReservedRecordsInIt(@TempDir Path onDisk)
            throws Exception {
        Path state = mountPoint.resolve("state");
        try (LocalObjectStore store = open(onDisk, state)) {
            assertThat(store.stagingDirectory()).isEqualTo(onDisk.toRealPath().resolve(".sluice/tmp"));
            store.write(
                            ObjectKey.reserved("secret"),
                            content("s3cr3t"),
                            new StageOptions("text/plain"),
                            Precondition.ABSENT)
                    .block(TIMEOUT);
            store.write(
                            ObjectKey.of("plain.txt"),
                            content("plain"),
                            new StageOptions("text/plain"),
                            Precondition.ABSENT)
                    .block(TIMEOUT);

            assertThat(Files.readString(state.resolve("secret"))).isEqualTo("s3cr3t");
            assertThat(Files.readString(onDisk.resolve("plain.txt"))).isEqualTo("plain");
            assertThat(read(store, ".sluice/secret")).isEqualTo("s3cr3t");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("secret"))))
                    .isEqualTo("rw-------");
            assertThat(Files.list(store.stagingDirectory()).count()).isZero();
        }
    }

    private LocalObjectStore open(Path root, Path state) {
        return LocalObjectStore.open(
                new LocalObjectStore.Options(root, state, true, true, true, 0, 0),
                io,
                Schedulers.boundedElastic(),
                buffers,
                FormatUpgrade.trailerConversion(false));
    }

    private Flux<org.springframework.core.io.buffer.DataBuffer> content(String text) {
        return Flux.just(text).map(value -> buffers.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(LocalObjectStore store, String key) {
        ObjectKey objectKey = key.startsWith(".sluice/") ? ObjectKey.reserved(key.substring(8)) : ObjectKey.of(key);
        StoredObject object = store.open(objectKey).block(TIMEOUT);
        try {
            return DataBufferUtils.join(object.read(0, object.info().size()))
                    .map(buffer -> {
                        String text = buffer.toString(StandardCharsets.UTF_8);
                        DataBufferUtils.release(buffer);
                        return text;
                    })
                    .block(TIMEOUT);
        } finally {
            object.close();
        }
    }

    private static String sha256sum(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sha256sum", file.toString()).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return output.substring(0, 64);
    }
}
