package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's rclone (its {@code webdav} backend, {@code vendor=other}) as an independent client: a folder tree goes
 * up, is listed, checked byte for byte with {@code check --download}, moved server-side and purged. CI installs
 * rclone ({@code .ci/run}); a missing rclone fails this test rather than skipping it.
 */
class DavRcloneApiTest extends DavSupport {

    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path local;

    @Test
    void aTreeSurvivesTheRoundTripThroughRclone() throws Exception {
        Files.createDirectories(local.resolve("a/b"));
        Files.writeString(local.resolve("a/b/c.txt"), "deep", StandardCharsets.UTF_8);
        Files.writeString(local.resolve("space name.txt"), "spaced", StandardCharsets.UTF_8);
        Files.writeString(local.resolve("déjà vu #1.txt"), "accents", StandardCharsets.UTF_8);
        byte[] random = new byte[200_000];
        new Random(17).nextBytes(random);
        Files.write(local.resolve("a/random.bin"), random);

        String remote = ":webdav:" + folder + "up";
        rclone("copy", local.toString(), remote);
        assertThat(rclone("lsf", "-R", "--files-only", remote).lines().sorted().toList())
                .containsExactly("a/b/c.txt", "a/random.bin", "déjà vu #1.txt", "space name.txt");
        rclone("check", "--download", local.toString(), remote);
        client.get()
                .uri(files(folder + "up/a/random.bin"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(byte[].class)
                .isEqualTo(random);

        rclone("moveto", remote + "/a/random.bin", remote + "/moved.bin");
        rclone("move", remote + "/a/b", remote + "/b2");
        assertThat(rclone("lsf", "-R", "--files-only", remote).lines().sorted().toList())
                .containsExactly("b2/c.txt", "déjà vu #1.txt", "moved.bin", "space name.txt");

        rclone("purge", remote);
        request(PROPFIND, "up/").header("Depth", "0").exchange().expectStatus().isNotFound();
    }

    private String rclone(String... arguments) throws IOException, InterruptedException {
        List<String> command =
                new java.util.ArrayList<>(List.of("rclone", "--config", "/dev/null", "-q", "--retries", "1"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("RCLONE_WEBDAV_URL", "http://127.0.0.1:" + port + "/dav/");
        env.put("RCLONE_WEBDAV_VENDOR", "other");
        env.put("RCLONE_WEBDAV_BEARER_TOKEN", TestTokens.ADMIN_TOKEN);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("rclone " + String.join(" ", arguments) + " did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("rclone %s: %s", String.join(" ", arguments), output)
                .isZero();
        return output;
    }
}
