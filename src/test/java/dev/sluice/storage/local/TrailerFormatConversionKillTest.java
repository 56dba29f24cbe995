package dev.sluice.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.storage.local.RecordingSinks.Recorded;
import dev.sluice.storage.local.RecordingSinks.XattrSink;
import dev.sluice.storage.local.TrailerFormatStore.StoredObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversion in a child JVM, killed with SIGKILL at random moments of its run and restarted until it finishes:
 * every object file ends as its content with its metadata in extended attributes, and nothing else changed.
 */
class TrailerFormatConversionKillTest {

    private static final int FILES = 3000;
    private static final int ROUNDS = 10;
    /** Kills come within this many progress lines (of 50 files) of a start, so ten rounds do not finish the job. */
    private static final int PROGRESS_LINES = 6;

    @TempDir
    Path root;

    @Test
    void killedAtRandomMomentsAndRestartedTheConversionLeavesNoFileDamaged() throws Exception {
        TrailerFormatStore store = TrailerFormatStore.awkward(root);
        Random random = new Random(2026);
        for (int i = 0; i < FILES; i++) {
            store.put(
                    "bulk/folder-" + (i % 40) + "/file-" + i + ".bin",
                    TrailerFormatStore.bytes(random, random.nextInt(2048)),
                    i % 3 == 0 ? "text/plain" : "application/octet-stream");
        }
        int killedMidway = 0;
        int progressLines = 0;
        boolean finished = false;
        for (int round = 0; round < ROUNDS && !finished; round++) {
            Child child = Child.start(root);
            // Anywhere from the start-up (the count pass) to a few batches in, then a few more milliseconds.
            child.awaitProgress(random.nextInt(PROGRESS_LINES));
            Thread.sleep(random.nextInt(15));
            finished = child.kill();
            progressLines += child.progress.get();
            if (!finished
                    && Files.readString(root.resolve(".sluice/format")).equals(TrailerFormatConversion.FORMAT_1)) {
                killedMidway++;
            }
        }
        for (int restart = 0; !finished; restart++) {
            assertThat(restart).as("restarts after the kills").isLessThan(3);
            Child child = Child.start(root);
            assertThat(child.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            finished = child.finishedCleanly();
        }

        assertThat(killedMidway)
                .as("kills that landed in the middle of the conversion")
                .isGreaterThanOrEqualTo(3);
        assertThat(progressLines).as("progress lines logged by the killed runs").isPositive();
        store.assertConverted();
        for (Map.Entry<String, StoredObject> object : store.objects.entrySet()) {
            Path file = root.resolve(object.getKey());
            Recorded recorded = XattrSink.read(file);
            assertThat(recorded).as("attributes of %s", object.getKey()).isNotNull();
            assertThat(recorded.contentType()).isEqualTo(object.getValue().contentType());
            assertThat(recorded.sha256())
                    .as("sha256 of %s", object.getKey())
                    .isEqualTo(TrailerFormatStore.sha256(Files.readAllBytes(file)))
                    .isEqualTo(object.getValue().sha256());
        }
    }

    /** One run of {@link ConversionChild}, its output read as it comes. */
    private static final class Child {
        private final Process process;
        private final AtomicInteger progress = new AtomicInteger();
        private final AtomicBoolean done = new AtomicBoolean();
        private final StringBuffer output = new StringBuffer();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(this::read, "conversion-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(Path root) throws IOException {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classpath,
                    ConversionChild.class.getName(),
                    root.toString());
            return new Child(
                    new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        void awaitProgress(int lines) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (progress.get() < lines && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        }

        /** SIGKILL; true when the child had finished the conversion before the signal. */
        boolean kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
            return finishedCleanly();
        }

        boolean finishedCleanly() throws InterruptedException {
            if (process.exitValue() == 0) {
                // the last line may still be on its way through the pipe
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!done.get() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(done).as("output of a clean exit:%n%s", output).isTrue();
                assertThat(output.toString())
                        .contains("Converted storage root")
                        .containsPattern(
                                "Converted storage root .* to plain files: \\d+ / \\d+ object file\\(s\\) done");
                return true;
            }
            assertThat(process.exitValue())
                    .as("exit of a killed child:%n%s", output)
                    .isEqualTo(137);
            return false;
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.contains("to plain files: ") && line.endsWith(" done")) {
                        progress.incrementAndGet();
                    } else if (line.equals("conversion finished")) {
                        done.set(true);
                    }
                }
            } catch (IOException closed) {
                // the child is gone
            }
        }
    }
}
