package dev.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.TestTokens;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * WebDAV through curl, an independent client driven by a shell script ({@code src/test/resources/dav/curl-check.sh}):
 * OPTIONS, MKCOL, PUT/GET, PROPFIND and PROPPATCH, COPY/MOVE with Overwrite, and LOCK/UNLOCK with the If header
 * and lock-null resources, each with the status RFC 4918 gives it.
 */
class DavCurlScriptApiTest extends DavSupport {

    @Test
    void curlFindsEveryCheckOfTheScriptHolds() throws IOException, InterruptedException, URISyntaxException {
        Path script = Path.of(Objects.requireNonNull(getClass().getResource("/dav/curl-check.sh"))
                .toURI());
        Process process = new ProcessBuilder(
                        "bash", script.toString(), uri(dav("")).toString(), TestTokens.ADMIN_TOKEN)
                .redirectErrorStream(true)
                .start();
        // Read to the end first (a full pipe would stall the script); every curl call is bounded by --max-time.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(1, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("all checks passed");
    }
}
