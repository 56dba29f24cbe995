package dev.sluice.upload;

import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/limits}: the server's upload limits, read-only, so that the browser page can refuse a file that
 * is too large before sending a byte of it.
 */
@RestController
class LimitsController {

    private final UploadLimits limits;

    LimitsController(UploadProperties properties, UploadsProperties resumable) {
        this.limits = UploadLimits.of(properties, resumable);
    }

    @GetMapping(Routes.LIMITS)
    @Operation(
            operationId = "getLimits",
            summary = "The server's upload limits",
            description = "Read-only: the largest file one upload may create and the most files one multipart request"
                    + " may carry, so that a client can refuse a file before sending it.")
    @ApiResponse(
            responseCode = "200",
            description = "The limits",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = UploadLimits.class)))
    public UploadLimits limits() {
        return limits;
    }
}
