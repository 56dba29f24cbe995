package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test, so that "disk full" and "free space below the threshold" are real. Mounting
 * needs root (CI runs as root). Where mounting is not allowed, the test is skipped, but only when the {@code CI}
 * variable is unset: in CI a failed mount fails the test, so the case is never silently left out there.
 */
public final class SmallFilesystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB on a new temp directory. */
    public static SmallFilesystem mount(int megabytes) {
        try {
            Path mountPoint = Files.createTempDirectory("sluice-tmpfs");
            String failure =
                    run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", mountPoint.toString());
            if (failure != null) {
                Files.deleteIfExists(mountPoint);
                String reason = "cannot mount a tmpfs (needs root): " + failure;
                if (System.getenv("CI") != null) {
                    throw new IllegalStateException(reason + "; CI must run this test as root");
                }
                Assumptions.abort(reason + "; skipped because CI is unset");
            }
            return new SmallFilesystem(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return mountPoint;
    }

    /** Unmounts (lazily, in case a server still holds files open) and removes the mount point. */
    @Override
    public void close() throws IOException {
        run("umount", "-l", mountPoint.toString());
        Files.deleteIfExists(mountPoint);
    }

    /** Runs a command; null on success, else what went wrong. */
    private static String run(String... command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", command) + " timed out";
            }
            String output = new String(process.getInputStream().readAllBytes()).strip();
            return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
