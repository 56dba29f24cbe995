package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.storage.local.RecordingSinks.MapSink;
import dev.sluice.storage.local.RecordingSinks.Recorded;
import dev.sluice.storage.local.RecordingSinks.XattrSink;
import dev.sluice.storage.local.TrailerFormatConversion.Options;
import dev.sluice.storage.local.TrailerFormatConversion.Result;
import dev.sluice.storage.local.TrailerFormatStore.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trailer-format conversion on real files: what it produces, and that a crash at any step is finished later. */
class TrailerFormatConversionTest {

    @TempDir
    Path temp;

    @Test
    void everyObjectFileBecomesItsContentAndItsMetadataIsHandedOn() throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(temp.resolve("root"));
        MapSink sink = new MapSink();

        Result result = TrailerFormatConversion.convertIfNeeded(store.root, store.root.resolve(".sluice"), sink, true);

        assertThat(result).isEqualTo(new Result(true, store.objects.size(), store.strays.size()));
        store.assertConverted();
        assertRecorded(store, sink.recorded);
        assertThat(sink.calls).isEqualTo(store.objects.size());
    }

    @Test
    void aSecondStartFindsTheNewFormatAndTouchesNothing() throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(temp.resolve("root"));
        TrailerFormatConversion.convertIfNeeded(store.root, store.root.resolve(".sluice"), new MapSink(), false);
        MapSink again = new MapSink();

        Result result =
                TrailerFormatConversion.convertIfNeeded(store.root, store.root.resolve(".sluice"), again, false);

        assertThat(result.needed()).isFalse();
        assertThat(again.calls).isZero();
        store.assertConverted(); // exactly-512.bin, whose content is a valid trailer, is still 512 bytes
    }

    @Test
    void extendedAttributesCarryTheMetadataOnThisFilesystem() throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(temp.resolve("root"));

        TrailerFormatConversion.convertIfNeeded(store.root, store.root.resolve(".sluice"), new XattrSink(), true);

        store.assertConverted();
        for (Map.Entry<String, StoredObject> object : store.objects.entrySet()) {
            Path file = store.root.resolve(object.getKey());
            Recorded recorded = XattrSink.read(file);
            assertThat(recorded).as("attributes of %s", object.getKey()).isNotNull();
            assertThat(recorded.contentType()).isEqualTo(object.getValue().contentType());
            assertThat(recorded.sha256()).isEqualTo(TrailerFormatStore.sha256(Files.readAllBytes(file)));
        }
        for (String stray : store.strays.keySet()) {
            assertThat(XattrSink.read(store.root.resolve(stray)))
                    .as("stray %s", stray)
                    .isNull();
        }
    }

    @Test
    void aStateFolderOutsideTheRootGetsTheJournalAndBothMarkersSayTheNewFormat() throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(temp.resolve("root"));
        Path state = temp.resolve("state");
        MapSink sink = new MapSink();

        TrailerFormatConversion.convertIfNeeded(store.root, state, sink, false);

        store.assertConverted();
        assertThat(state.resolve("format")).hasContent(TrailerFormatConversion.FORMAT_2.strip());
        assertRecorded(store, sink.recorded);
    }

    @Test
    void whileTheStoreHoldsItsLockTheLockedEntryConvertsAndTheStandaloneOneRefuses() throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(temp.resolve("root"));
        Path state = store.root.resolve(".sluice");
        MapSink sink = new MapSink();
        try (var channel = java.nio.channels.FileChannel.open(
                        state.resolve("lock"),
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
                var lock = channel.lock()) {
            assertThatThrownBy(() -> TrailerFormatConversion.convertIfNeeded(store.root, state, sink, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(sink.calls).isZero();

            Result result = TrailerFormatConversion.convertLocked(store.root, state, sink, Options.defaults(false));

            assertThat(result.converted()).isEqualTo(store.objects.size());
        }
        store.assertConverted();
        assertRecorded(store, sink.recorded);
    }

    @Test
    void foldersOfOtherFormatsAreLeftAlone() throws IOException {
        Path plain = Files.createDirectories(temp.resolve("plain"));
        Files.writeString(plain.resolve("photo.jpg"), "not a Sluice file");
        assertThat(TrailerFormatConversion.convertIfNeeded(plain, plain.resolve(".sluice"), new MapSink(), false)
                        .needed())
                .isFalse();
        assertThat(plain.resolve("photo.jpg")).hasContent("not a Sluice file");
        assertThat(plain.resolve(".sluice")).doesNotExist();

        Path future = Files.createDirectories(temp.resolve("future/.sluice")).getParent();
        Files.writeString(future.resolve(".sluice/format"), "sluice-local-store 9\n");
        assertThatThrownBy(() -> TrailerFormatConversion.convertIfNeeded(
                        future, future.resolve(".sluice"), new MapSink(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("unknown format");
    }

    @Test
    void aJournalledFileChangedByAnotherProgramBeforeTheRestartIsLeftAlone() throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(temp.resolve("root"));
        Options crashAfterFirstJournal = new Options(false, 3, 1000, new CrashAt(2)); // journal temp, then rename
        assertThatThrownBy(() -> TrailerFormatConversion.convertIfNeeded(
                        store.root, store.root.resolve(".sluice"), new MapSink(), crashAfterFirstJournal))
                .isInstanceOf(SimulatedCrash.class);
        // The first file of the first batch in walk order is nested/deeper/still/data.bin; someone replaces it.
        Path replaced = store.root.resolve("nested/deeper/still/data.bin");
        Path other = store.root.resolve("nested/deeper/still/new.tmp");
        Files.writeString(other, "replaced by rsync");
        Files.move(other, replaced, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        store.objects.remove("nested/deeper/still/data.bin");
        MapSink sink = new MapSink();

        TrailerFormatConversion.convertIfNeeded(store.root, store.root.resolve(".sluice"), sink, false);

        assertThat(replaced).hasContent("replaced by rsync");
        assertThat(sink.recorded).doesNotContainKey(replaced.toRealPath());
        store.assertConverted();
        assertRecorded(store, sink.recorded);
    }

    /**
     * Crashes at step k of a first run (every k), then at step j of the restart (every j), then lets a third run
     * finish: whatever the two crash points, every file ends as its content and every object's metadata is recorded.
     */
    @Test
    void aCrashAtAnyStepThenAnotherDuringTheRestartStillEndsWithEveryFileConverted() throws IOException {
        // About a thousand small stores, each synced a dozen times: on tmpfs (where a sync costs nothing) when the
        // machine has one, so the case count does not turn into minutes of disk syncs on a shared disk.
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "sluice-conversion-")
                : temp;
        try {
            crashTwice(base);
        } finally {
            if (!base.equals(temp)) {
                try (var paths = Files.walk(base)) {
                    paths.sorted(java.util.Comparator.reverseOrder())
                            .forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private void crashTwice(Path base) throws IOException {
        int steps = countSteps(base);
        assertThat(steps).as("steps of a full run").isGreaterThan(20);
        int cases = 0;
        for (int k = 1; k <= steps; k++) {
            for (int j = 1; j <= steps; j++) {
                Path root = base.resolve("crash-" + k + "-" + j);
                TrailerFormatStore store = TrailerFormatStore.awkward(root);
                MapSink sink = new MapSink();
                boolean firstCrashed = runUntilCrash(store, sink, k);
                assertThat(firstCrashed)
                        .as("step %d of %d is reached", k, steps)
                        .isTrue();
                if (runUntilCrash(store, sink, j)) {
                    assertThat(runUntilCrash(store, sink, Integer.MAX_VALUE)).isFalse();
                }
                store.assertConverted();
                assertRecorded(store, sink.recorded);
                cases++;
            }
        }
        assertThat(cases).isEqualTo(steps * steps);
    }

    private int countSteps(Path base) throws IOException {
        TrailerFormatStore store = TrailerFormatStore.awkward(base.resolve("count"));
        List<String> seen = new ArrayList<>();
        TrailerFormatConversion.convertIfNeeded(
                store.root, store.root.resolve(".sluice"), new MapSink(), new Options(false, 3, 2, seen::add));
        assertThat(seen)
                .contains(
                        "journal-temp-written",
                        "journal-replaced",
                        "truncated",
                        "time-set",
                        "recorded",
                        "marker-temp-written",
                        "marker-replaced",
                        "journal-deleted");
        return seen.size();
    }

    /** Runs the conversion with a crash at the k-th step; true when it crashed, false when it finished first. */
    private static boolean runUntilCrash(TrailerFormatStore store, MapSink sink, int k) throws IOException {
        try {
            TrailerFormatConversion.convertIfNeeded(
                    store.root, store.root.resolve(".sluice"), sink, new Options(false, 3, 2, new CrashAt(k)));
            return false;
        } catch (SimulatedCrash crash) {
            return true;
        }
    }

    private static void assertRecorded(TrailerFormatStore store, Map<Path, Recorded> recorded) throws IOException {
        assertThat(recorded).hasSize(store.objects.size());
        for (Map.Entry<String, StoredObject> object : store.objects.entrySet()) {
            Path file = store.root.resolve(object.getKey()).toRealPath();
            Recorded metadata = recorded.get(file);
            assertThat(metadata).as("metadata of %s", object.getKey()).isNotNull();
            assertThat(metadata.contentType()).isEqualTo(object.getValue().contentType());
            assertThat(metadata.sha256())
                    .as("sha256 of %s", object.getKey())
                    .isEqualTo(TrailerFormatStore.sha256(Files.readAllBytes(file)))
                    .isEqualTo(object.getValue().sha256());
        }
    }

    /** Throws at the k-th crash point it reaches, as a kill there would stop the run. */
    private static final class CrashAt implements ConversionCrashPoints {
        private final int k;
        private int reached;

        CrashAt(int k) {
            this.k = k;
        }

        @Override
        public void reached(String step) {
            if (++reached == k) {
                throw new SimulatedCrash(step);
            }
        }
    }

    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String step) {
            super("simulated crash after " + step, null, false, false);
        }
    }
}
