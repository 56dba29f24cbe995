package dev.sluice.files;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/limits}: the server's upload limits, read-only, so that the browser page can refuse a file that
 * is too large before sending a byte of it.
 */
@RestController
class LimitsController {

    private final UploadLimits limits;

    LimitsController(UploadProperties properties) {
        this.limits = UploadLimits.of(properties);
    }

    @GetMapping("/api/v1/limits")
    UploadLimits limits() {
        return limits;
    }
}
