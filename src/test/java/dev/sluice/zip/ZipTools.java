package dev.sluice.zip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The command-line readers: Info-ZIP's {@code unzip}, 7-Zip ({@code 7z} from p7zip-full or {@code 7zz} from Debian's
 * 7zip) and libarchive's {@code bsdtar}. They are installed by {@code .ci/run}; a missing tool fails the test.
 */
public final class ZipTools {

    private ZipTools() {}

    /** What a tool printed, and its exit status. */
    public record Result(int exitCode, String output) {

        public Result assertSuccess(String tool) {
            assertThat(exitCode)
                    .as("%s exit status; output:%n%s", tool, tail(output))
                    .isZero();
            return this;
        }

        public List<String> lines() {
            return output.lines().toList();
        }
    }

    /** {@code unzip -t}: tests every entry's CRC-32 against the central directory. */
    public static Result unzipTest(Path archive) {
        Result result = run(List.of(tool("unzip"), "-t", archive.toString()), null);
        result.assertSuccess("unzip -t");
        assertThat(result.output()).contains("No errors detected").doesNotContainIgnoringCase("warning");
        return result;
    }

    /**
     * {@code unzip -t} of some entries only: the central directory and those entries' local headers and contents are
     * still checked, without Info-ZIP's slow CRC pass over a 4 GiB entry (about 23 s of CPU; 7-Zip does it in 1).
     */
    public static Result unzipTest(Path archive, List<String> entries) {
        List<String> command = new ArrayList<>(List.of(tool("unzip"), "-t", archive.toString()));
        command.addAll(entries);
        Result result = run(command, null);
        result.assertSuccess("unzip -t");
        assertThat(result.output()).contains("No errors detected").doesNotContainIgnoringCase("warning");
        for (String entry : entries) {
            assertThat(result.output()).contains("testing: " + entry);
        }
        return result;
    }

    /** {@code 7z t}: tests every entry. */
    public static Result sevenZipTest(Path archive) {
        Result result = run(List.of(sevenZip(), "t", "-bd", archive.toString()), null);
        result.assertSuccess("7z t");
        // 7-Zip says "Everything is Ok" beside warnings such as "Headers Error" (local and central headers differ)
        assertThat(result.output())
                .contains("Everything is Ok")
                .doesNotContainIgnoringCase("warning")
                .doesNotContainIgnoringCase("error");
        return result;
    }

    /** {@code bsdtar -tf}: the entry names, from the file (libarchive's seekable reader, the central directory). */
    public static List<String> bsdtarList(Path archive) {
        return run(List.of(tool("bsdtar"), "-tf", archive.toString()), null)
                .assertSuccess("bsdtar -tf")
                .lines();
    }

    /**
     * {@code bsdtar -tvf -} reading the archive from its stdin: libarchive's streaming reader, which walks the local
     * headers (and data descriptors) front to back, never seeing the central directory first.
     */
    public static List<String> bsdtarListStream(Consumer<OutputStream> archive) {
        return run(List.of(tool("bsdtar"), "-tf", "-"), archive)
                .assertSuccess("bsdtar -tf -")
                .lines();
    }

    static Result run(List<String> command, @Nullable Consumer<OutputStream> stdin) {
        try {
            Path output = Files.createTempFile("zip-tool", ".out");
            try {
                ProcessBuilder builder =
                        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
                if (stdin == null) {
                    builder.redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                }
                Process process = builder.start();
                CompletableFuture<Void> feeding = CompletableFuture.completedFuture(null);
                if (stdin != null) {
                    feeding = CompletableFuture.runAsync(() -> {
                        try (OutputStream in = process.getOutputStream()) {
                            stdin.accept(in);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not finish in 120 s");
                }
                feeding.get(10, TimeUnit.SECONDS);
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new AssertionError("running " + command, e);
        }
    }

    private static String sevenZip() {
        for (String name : List.of("7z", "7zz")) {
            if (onPath(name) != null) {
                return name;
            }
        }
        throw new AssertionError("7-Zip is not installed (apt-get install 7zip or p7zip-full; .ci/run installs it)");
    }

    private static String tool(String name) {
        if (onPath(name) == null) {
            throw new AssertionError(name + " is not installed (.ci/run installs unzip and libarchive-tools)");
        }
        return name;
    }

    private static @Nullable Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String tail(String output) {
        return output.length() <= 4000 ? output : "..." + output.substring(output.length() - 4000);
    }
}
