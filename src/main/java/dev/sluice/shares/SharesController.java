package dev.sluice.shares;

import dev.sluice.security.Caller;
import dev.sluice.security.Role;
import dev.sluice.security.SluiceAuthentication;
import dev.sluice.storage.InvalidKeyException;
import dev.sluice.storage.ObjectKey;
import dev.sluice.web.ApiException;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.Routes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /api/v1/shares}: create, list and revoke share links. Creating needs a writer, and the target within the
 * creator's home; everyone sees and revokes their own links, an admin everyone's.
 */
@RestController
@Tag(name = "shares", description = "Share links: download or upload without an account")
class SharesController {

    private static final Caller NOBODY = new Caller("anonymous", Set.of(Role.values()), null);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ShareRecords records;
    private final ShareLinks links;
    private final Duration maxExpiry;
    private final String publicUrl;
    private final boolean securityEnabled;
    private final Clock clock;

    SharesController(
            ShareRecords records,
            ShareLinks links,
            ShareProperties properties,
            Clock sharesClock,
            @Value("${sluice.public-url:}") String publicUrl,
            @Value("${sluice.security.enabled:true}") boolean securityEnabled) {
        this.records = records;
        this.links = links;
        this.maxExpiry = properties.maxExpiry();
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        this.securityEnabled = securityEnabled;
        this.clock = sharesClock;
    }

    @PostMapping(Routes.SHARES)
    @Operation(
            operationId = "createShare",
            summary = "Create a share link",
            description = "Body: `{\"key\": \"docs/a.pdf\"}` or `{\"prefix\": \"inbox/\"}`, `\"expiresIn\"` (ISO-8601,"
                    + " such as `PT1H`) and `\"permission\"`: `read` (a key or a prefix) or `upload` (a prefix). Needs"
                    + " a writer; the target must be within the caller's home.")
    @ApiResponse(responseCode = "201", description = "The link; `Location` is its API resource")
    @ApiResponse(responseCode = "400", description = "A missing or invalid field (`invalid-request`, `invalid-key`)")
    public Mono<ResponseEntity<ShareView>> create(@RequestBody ShareRequest request) {
        Permission permission = Permission.parse(request.permission() == null ? "" : request.permission());
        Duration expiresIn = expiry(request.expiresIn());
        String key = request.key();
        String prefix = request.prefix();
        if ((key == null) == (prefix == null)) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "Give either key or prefix");
        }
        if (key != null && permission == Permission.UPLOAD) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "An upload link needs a prefix, not a key");
        }
        String target = key != null ? ObjectKey.of(key).value() : folder(prefix);
        return caller().flatMap(caller -> {
                    if (!caller.has(Role.WRITER)) {
                        return Mono.error(new ApiException(ProblemCode.FORBIDDEN, "Creating links needs a writer"));
                    }
                    if (!caller.reaches(target)) {
                        return Mono.error(
                                new ApiException(ProblemCode.FORBIDDEN, "You may share only within your home"));
                    }
                    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                    return newId().flatMap(id -> records.create(new Share(
                            id,
                            key != null ? target : null,
                            key != null ? null : target,
                            permission,
                            now,
                            now.plus(expiresIn),
                            caller.name(),
                            false)));
                })
                .map(share -> ResponseEntity.status(HttpStatus.CREATED)
                        .location(URI.create(Routes.SHARES + "/" + share.id()))
                        .body(view(share)));
    }

    @GetMapping(Routes.SHARES)
    @Operation(operationId = "listShares", summary = "The caller's share links (an admin's: everyone's)")
    @ApiResponse(responseCode = "200", description = "The links, newest first")
    public Mono<ShareItems> list() {
        return caller().flatMap(caller -> records.all()
                .filter(share -> caller.has(Role.ADMIN) || share.createdBy().equals(caller.name()))
                .sort(Comparator.comparing(Share::createdAt).reversed())
                .map(this::view)
                .collectList()
                .map(ShareItems::new));
    }

    @DeleteMapping(Routes.SHARES + "/{id}")
    @Operation(operationId = "revokeShare", summary = "Revoke a share link (its creator or an admin)")
    @ApiResponse(responseCode = "204", description = "Revoked, on every instance at once")
    @ApiResponse(responseCode = "404", description = "No such link of the caller's (`not-found`)")
    public Mono<ResponseEntity<Void>> revoke(
            @Parameter(in = ParameterIn.PATH, description = "The link's id, as `POST` answered it") @PathVariable
                    String id) {
        return caller().flatMap(caller -> records.find(id)
                        .filter(share ->
                                caller.has(Role.ADMIN) || share.createdBy().equals(caller.name()))
                        .switchIfEmpty(Mono.error(
                                () -> new ApiException(ProblemCode.NOT_FOUND, "No share link '" + id + "' of yours")))
                        .flatMap(share -> records.save(share.revoke())))
                .thenReturn(ResponseEntity.noContent().build());
    }

    private ShareView view(Share share) {
        return ShareView.of(share, publicUrl + Routes.SHARE_LINK + links.tokenOf(share.id()));
    }

    private Mono<Caller> caller() {
        if (!securityEnabled) {
            return Mono.just(NOBODY);
        }
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context ->
                        context.getAuthentication() instanceof SluiceAuthentication auth ? auth.caller() : null)
                .switchIfEmpty(
                        Mono.error(() -> new ApiException(ProblemCode.UNAUTHORIZED, "Log in to manage share links")));
    }

    private Duration expiry(@Nullable String value) {
        if (value == null) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "expiresIn is required, such as PT1H or P7D");
        }
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "expiresIn is not an ISO-8601 duration: " + value);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(maxExpiry) > 0) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "expiresIn must be positive and at most " + maxExpiry);
        }
        return duration;
    }

    private static String folder(@Nullable String prefix) {
        String folder = ObjectKey.validatePrefix(prefix == null ? "" : prefix);
        if (!folder.isEmpty() && !folder.endsWith("/")) {
            throw new InvalidKeyException("prefix must be empty or end with '/'");
        }
        return folder;
    }

    /** 16 random bytes; SecureRandom may read /dev/urandom, so never on an event loop. */
    private static Mono<String> newId() {
        return Mono.fromCallable(() -> {
                    byte[] bytes = new byte[16];
                    RANDOM.nextBytes(bytes);
                    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
