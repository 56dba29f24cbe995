package dev.sluice.upload;

import dev.sluice.locks.LockGuard;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.WriteResult;
import dev.sluice.web.ApiException;
import dev.sluice.web.FileInfo;
import dev.sluice.web.ProblemCode;
import dev.sluice.web.UploadBodies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.codec.multipart.PartEventHttpMessageReader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives {@code multipart/form-data} uploads, for the API and for upload links alike: checks the request head,
 * then reads the body part by part and stores each file. Without a {@code Content-Digest} each file is
 * published as soon as it has streamed in, so files stored before a failure stay. With one, the digest covers the
 * whole body, so every file is staged first and published only once the body is verified: a mismatch stores
 * nothing.
 */
@Component
public final class MultipartIntake {

    /** How many names {@code conflict=rename} lists, and numbers it tries, per original name before 409. */
    private static final int MAX_RENAMES = 10_000;

    private final ObjectStore store;
    private final UploadService uploads;
    private final int maxParts;
    private final LockGuard lockGuard;
    private final PartEventHttpMessageReader reader = new PartEventHttpMessageReader();

    MultipartIntake(ObjectStore store, UploadService uploads, UploadProperties properties, LockGuard lockGuard) {
        this.store = store;
        this.uploads = uploads;
        this.maxParts = properties.maxParts();
        this.lockGuard = lockGuard;
    }

    /**
     * Refuses, before any of the body is read, a request that is not {@code multipart/form-data} with a boundary
     * (415, 400) or that has a {@code Content-Encoding} (415).
     */
    public void checkHead(HttpHeaders headers) {
        requireMultipartFormData(headers);
        UploadService.rejectContentEncoding(headers);
    }

    /**
     * Checks free space for the declared length, then stores every file of the request, reporting each to
     * {@code onStored} in upload order. Lazy until subscribed.
     *
     * @param folder the prefix every file is stored under: empty or ending in {@code /}
     */
    public Mono<Void> receive(
            ServerWebExchange exchange, String folder, ConflictPolicy policy, Consumer<FileInfo> onStored) {
        return uploads.checkCapacity(exchange.getRequest().getHeaders().getContentLength())
                .then(Mono.defer(() -> {
                    UploadBodies.markStarted(exchange);
                    return storeAll(exchange.getRequest(), folder, policy, onStored);
                }));
    }

    private Mono<Void> storeAll(
            ServerHttpRequest request, String folder, ConflictPolicy policy, Consumer<FileInfo> onStored) {
        ContentDigests bodyDigest = ContentDigests.from(request.getHeaders(), List.of(ContentDigests.CONTENT_DIGEST));
        Batch batch = new Batch(folder, policy);
        return bodyDigest.isEmpty()
                ? batch.eachFile(request, file -> batch.storeNow(file, onStored))
                        .then()
                : batch.stageThenPublish(request, bodyDigest, onStored);
    }

    /** One request's files. */
    private final class Batch {
        private final String folder;
        private final ConflictPolicy policy;
        private final AtomicInteger parts = new AtomicInteger();
        private final FreeNames freeNames = new FreeNames(store::list, MAX_RENAMES, MAX_RENAMES);

        Batch(String folder, ConflictPolicy policy) {
            this.folder = folder;
            this.policy = policy;
        }

        /**
         * Runs {@code handler} for each file part in order. Each part is validated from its headers before its
         * content is read; the handler's Mono consumes the content.
         */
        Flux<Void> eachFile(ServerHttpRequest source, Function<IncomingFile, Mono<Void>> handler) {
            return reader.read(ResolvableType.forClass(PartEvent.class), source, Map.of())
                    .windowUntil(PartEvent::isLast)
                    .concatMap(window -> window.switchOnFirst((first, events) -> {
                        PartEvent event = first.get();
                        if (event == null) {
                            return events.then();
                        }
                        IncomingFile file;
                        try {
                            file = describe(event, events);
                        } catch (RuntimeException e) {
                            // The part's first event is ours: release it, then stop reading the body.
                            return events.take(1)
                                    .doOnNext(head -> DataBufferUtils.release(head.content()))
                                    .then(Mono.error(e));
                        }
                        return handler.apply(file);
                    }));
        }

        Mono<Void> storeNow(IncomingFile file, Consumer<FileInfo> onStored) {
            Mono<Void> early = policy == ConflictPolicy.FAIL ? failIfTaken(file.key()) : Mono.empty();
            return early.then(Mono.defer(() -> uploads.stage(file.content(), file.contentType(), ContentDigests.NONE)))
                    .flatMap(staged -> Lifecycles.discardOnFailure(store, staged, publish(file.key(), staged)))
                    .doOnNext(result -> onStored.accept(FileInfo.of(result.info())))
                    .then();
        }

        Mono<Void> stageThenPublish(ServerHttpRequest request, ContentDigests bodyDigest, Consumer<FileInfo> onStored) {
            List<Staged> staged = new ArrayList<>();
            ContentDigests.BodyCheck check = bodyDigest.newBodyCheck();
            ServerHttpRequest hashed = new ServerHttpRequestDecorator(request) {
                @Override
                public Flux<DataBuffer> getBody() {
                    return super.getBody().doOnNext(check::update);
                }
            };
            Mono<Void> stageAll = eachFile(
                            hashed,
                            file -> (policy == ConflictPolicy.FAIL ? failIfTaken(file.key()) : Mono.<Void>empty())
                                    .then(Mono.defer(() ->
                                            uploads.stage(file.content(), file.contentType(), ContentDigests.NONE)))
                                    .doOnNext(object -> staged.add(new Staged(file.key(), object)))
                                    .then())
                    .then(Mono.fromRunnable(check::verify));
            Mono<Void> publishAll = Flux.defer(() -> Flux.fromIterable(List.copyOf(staged)))
                    .concatMap(item -> publish(item.key(), item.object()).doOnNext(result -> {
                        staged.remove(item);
                        onStored.accept(FileInfo.of(result.info()));
                    }))
                    .then();
            return Lifecycles.discardOnFailure(
                    store, () -> staged.stream().map(Staged::object).toList(), stageAll.then(publishAll));
        }

        private IncomingFile describe(PartEvent event, Flux<PartEvent> events) {
            if (parts.incrementAndGet() > maxParts) {
                throw new ApiException(ProblemCode.TOO_MANY_PARTS, "More than " + maxParts + " parts in one request");
            }
            PartChecks.requireName(event);
            if (!"file".equals(event.name())) {
                throw new ApiException(
                        ProblemCode.INVALID_REQUEST,
                        "Unexpected part '" + event.name() + "': send files in parts named 'file'");
            }
            if (!(event instanceof FilePartEvent filePart)
                    || filePart.filename().isBlank()) {
                throw new ApiException(ProblemCode.INVALID_REQUEST, "A part named 'file' has no filename");
            }
            String raw = filePart.filename();
            PartChecks.requireWholeFilename(event, raw);
            String name = raw.substring(Math.max(raw.lastIndexOf('/'), raw.lastIndexOf('\\')) + 1);
            if (name.isEmpty()) {
                throw new ApiException(ProblemCode.INVALID_KEY, "The filename '" + raw + "' has no last segment");
            }
            ObjectKey key = ObjectKey.of(folder + name);
            // The part's own Content-Type when it parses, else guessed from the name.
            String contentType = ContentTypes.forUpload(event.headers().getFirst(HttpHeaders.CONTENT_TYPE), key.name());
            return new IncomingFile(key, contentType, events.map(PartEvent::content));
        }

        private Mono<Void> failIfTaken(ObjectKey key) {
            return store.stat(key)
                    .flatMap(existing -> Mono.<Void>error(conflict(key)))
                    .onErrorResume(ObjectNotFoundException.class, missing -> Mono.empty());
        }

        private Mono<WriteResult> publish(ObjectKey key, StagedObject staged) {
            return switch (policy) {
                // Only a replace can overwrite a file that a WebDAV client has locked
                case REPLACE -> lockGuard.checkUnlocked(key).then(store.publish(staged, key, Precondition.NONE));
                case FAIL ->
                    store.publish(staged, key, Precondition.ABSENT)
                            .onErrorMap(PreconditionFailedException.class, e -> conflict(key));
                case RENAME -> publishRenaming(key, staged, true);
            };
        }

        private Mono<WriteResult> publishRenaming(ObjectKey original, StagedObject staged, boolean first) {
            Mono<ObjectKey> candidate = first ? Mono.just(original) : freeNames.next(original);
            return candidate
                    .flatMap(key -> store.publish(staged, key, Precondition.ABSENT))
                    .onErrorResume(
                            error -> error instanceof PreconditionFailedException
                                    || error instanceof KeyFolderConflictException,
                            error -> publishRenaming(original, staged, false));
        }

        private ApiException conflict(ObjectKey key) {
            return new ApiException(ProblemCode.CONFLICT, "'" + key + "' exists (conflict=fail)");
        }
    }

    private static void requireMultipartFormData(HttpHeaders headers) {
        MediaType type;
        try {
            type = headers.getContentType();
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(ProblemCode.INVALID_HEADER, "Content-Type does not parse: " + e.getMessage());
        }
        if (type == null || !MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type)) {
            throw new ApiException(
                    ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "POST /api/v1/files takes multipart/form-data; use PUT /api/v1/files/{key} for a raw body");
        }
        String boundary = type.getParameter("boundary");
        if (boundary == null || boundary.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "multipart/form-data without a boundary");
        }
    }

    private record IncomingFile(ObjectKey key, String contentType, Flux<DataBuffer> content) {}

    private record Staged(ObjectKey key, StagedObject object) {}
}
