package dev.sluice.storage.local;

import dev.sluice.storage.CapacityAware;
import dev.sluice.storage.FolderSummary;
import dev.sluice.storage.Lifecycles;
import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Overwrite;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.ReadOptions;
import dev.sluice.storage.ResumableData;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StoredObject;
import dev.sluice.storage.TargetExistsException;
import dev.sluice.storage.WriteResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The local-disk {@link ObjectStore}: key {@code a/b.txt} is the plain file {@code <root>/a/b.txt}, whose bytes are
 * exactly the content; any existing folder of files can be the root. Metadata lives in each file's extended
 * attribute or in an index in the state folder ({@link MetadataStore}). Content moves through
 * {@link AsynchronousFileChannel}s on a bounded I/O pool (or {@code sendfile}); directory work (stat, rename, delete,
 * list, attributes) runs on a bounded-elastic scheduler.
 *
 * <p>The work is done by one class per job: {@link LocalPaths} (keys to paths, never through a link),
 * {@link ObjectReader} (one consistent version per read), {@link TempUpload} (staging), {@link Publisher},
 * {@link Deleter}, {@link LocalListing}, {@link MetadataStore} with {@link BackgroundHasher}, and {@link IoErrors}.
 */
public final class LocalObjectStore implements ObjectStore, CapacityAware, AutoCloseable {

    private final StoreRoot root;
    private final LocalPaths paths;
    private final MetadataStore metadata;
    private final BackgroundHasher hasher;
    private final ObjectReader reader;
    private final Publisher publisher;
    private final Deleter deleter;
    private final LocalListing listing;
    private final LocalFolders folders;
    private final LocalMoves moves;
    private final ExecutorService io;
    private final Scheduler blocking;
    private final boolean fsync;
    private final LocalResumableData resumable;

    /**
     * Opens (creating when missing) the store at {@code directory} with default settings but {@code fsync}, without
     * a small-object cache, converting a store of the trailer format first. Blocks: call at start-up.
     */
    public static LocalObjectStore open(
            Path directory, ExecutorService io, Scheduler blocking, DataBufferFactory bufferFactory, boolean fsync) {
        return open(
                new Options(directory, null, fsync, true, true, 0, 0),
                io,
                blocking,
                bufferFactory,
                FormatUpgrade.trailerConversion(fsync));
    }

    /**
     * Opens (creating when missing) the store described by {@code options}, converting a store of the previous
     * format with {@code upgrade} first. Blocks: call at start-up.
     *
     * @param io the bounded pool that runs {@link AsynchronousFileChannel} reads and writes
     * @param blocking the scheduler for directory operations, normally {@code Schedulers.boundedElastic()}
     * @param bufferFactory allocates the buffers that reads emit
     */
    static LocalObjectStore open(
            Options options,
            ExecutorService io,
            Scheduler blocking,
            DataBufferFactory bufferFactory,
            FormatUpgrade upgrade) {
        StoreRoot root = StoreRoot.open(options.root(), options.stateDir());
        try {
            LocalPaths paths = new LocalPaths(root.directory(), root.stateDirectory());
            boolean xattrs = options.xattrs() && MetadataStore.probe(root.tempDirectory());
            MetadataIndex index = new MetadataIndex(root.stateDirectory().resolve("index"));
            index.removeOrphans();
            MetadataStore metadata = new MetadataStore(xattrs, index, paths);
            root.upgradeIfNeeded(upgrade, metadata);
            return new LocalObjectStore(root, paths, metadata, options, io, blocking, bufferFactory);
        } catch (IOException e) {
            closeQuietly(root, e);
            throw new UncheckedIOException("Cannot open storage root " + root.directory() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(root, e);
            throw e;
        }
    }

    private static void closeQuietly(StoreRoot root, Exception failure) {
        try {
            root.close();
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private LocalObjectStore(
            StoreRoot root,
            LocalPaths paths,
            MetadataStore metadata,
            Options options,
            ExecutorService io,
            Scheduler blocking,
            DataBufferFactory bufferFactory) {
        this.root = root;
        this.paths = paths;
        this.metadata = metadata;
        this.io = io;
        this.blocking = blocking;
        this.fsync = options.fsync();
        SmallObjectCache cache = SmallObjectCache.of(options.cacheSize(), options.cacheMaxObjectSize());
        KeyLocks locks = new KeyLocks();
        this.hasher = new BackgroundHasher(metadata);
        this.reader = new ObjectReader(
                paths,
                metadata,
                cache,
                hasher,
                io,
                Schedulers.fromExecutorService(io),
                bufferFactory,
                options.zeroCopy());
        this.publisher = new Publisher(paths, locks, metadata, cache, fsync);
        this.deleter = new Deleter(paths, locks, metadata, cache, fsync);
        this.listing = new LocalListing(paths, metadata);
        this.folders = new LocalFolders(paths, metadata, fsync);
        this.moves = new LocalMoves(paths, locks, metadata, cache, folders, fsync);
        this.resumable = new LocalResumableData(
                root.tempDirectory().resolveSibling("upload-data"), metadata, io, blocking, bufferFactory, fsync);
    }

    /**
     * The store's settings.
     *
     * @param stateDir null for {@code <root>/.sluice}
     * @param cacheSize bytes of the small-object cache, 0 for none
     */
    record Options(
            Path root,
            @Nullable Path stateDir,
            boolean fsync,
            boolean zeroCopy,
            boolean xattrs,
            long cacheSize,
            long cacheMaxObjectSize) {

        static Options of(LocalStorageProperties properties) {
            return new Options(
                    properties.root(),
                    properties.stateDir(),
                    properties.fsync(),
                    properties.zeroCopy(),
                    properties.xattrs(),
                    properties.cache().capacity(),
                    properties.cache().maxObjectSize().toBytes());
        }
    }

    /**
     * A bounded pool to run {@code AsynchronousFileChannel} reads and writes (on Linux the JDK runs file I/O on a
     * thread pool, and its default one grows without bound). Reads and writes are submitted from event-loop threads,
     * so submitting never takes a lock: the queue is a lock-free {@link LinkedTransferQueue} (a
     * {@code LinkedBlockingQueue}, what {@code Executors.newFixedThreadPool} uses, locks on every offer and parks the
     * event loop when contended), and all threads start up front and never time out (starting a thread takes the
     * pool's main lock). The caller shuts it down.
     */
    public static ExecutorService fileIoExecutor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "sluice-file-io-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor =
                new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new LinkedTransferQueue<>(), factory);
        executor.prestartAllCoreThreads();
        return executor;
    }

    /** The real path of the root directory. */
    public Path rootDirectory() {
        return root.directory();
    }

    /** The real path of the state folder. */
    public Path stateDirectory() {
        return root.stateDirectory();
    }

    /** The folder where uploads are staged. */
    public Path stagingDirectory() {
        return root.tempDirectory();
    }

    /** The content of resumable uploads, beside the staging folder (so on the root's filesystem). */
    public ResumableData resumableData() {
        return resumable;
    }

    /** Whether metadata goes to extended attributes (false: to the index in the state folder). */
    public boolean usesExtendedAttributes() {
        return metadata.usesXattrs();
    }

    @Override
    public Mono<StagedObject> stage(Flux<DataBuffer> content, StageOptions options) {
        // Not Mono.usingWhen: a cancel that races with the temp file's creation or completion would leave the file
        // (and its descriptor) to nobody, as usingWhen and subscribeOn drop what arrives after a cancel
        // (reactor-core #3695). The upload exists before its file does, so a cancel can always abandon it.
        return Mono.defer(() -> {
                    TempUpload upload = new TempUpload(root.tempDirectory());
                    return Mono.fromCallable(() -> upload.open(io))
                            .subscribeOn(blocking)
                            .flatMap(opened -> opened.write(content, options.contentType(), fsync, metadata, blocking))
                            .filter(staged -> upload.handOver())
                            .onErrorResume(error -> abandon(upload).then(Mono.error(error)))
                            .doOnCancel(() -> abandon(upload).subscribe());
                })
                .cast(StagedObject.class)
                .onErrorMap(IoErrors::translate);
    }

    @Override
    public Mono<WriteResult> publish(StagedObject staged, ObjectKey key, Precondition precondition) {
        LocalStagedObject local = ownStaged(staged);
        return blocking(() -> publisher.publish(local, key, precondition));
    }

    @Override
    public Mono<Void> discard(StagedObject staged) {
        LocalStagedObject local = ownStaged(staged);
        return blocking(() -> {
            Files.deleteIfExists(local.file());
            return null;
        });
    }

    @Override
    public Mono<StoredObject> open(ObjectKey key) {
        return open(key, ReadOptions.STREAM);
    }

    @Override
    public Mono<StoredObject> open(ObjectKey key, ReadOptions options) {
        return blocking(() -> reader.open(key, options));
    }

    @Override
    public Mono<ObjectInfo> stat(ObjectKey key) {
        return blocking(() -> reader.stat(key));
    }

    @Override
    public Mono<Void> delete(ObjectKey key, Precondition precondition) {
        return blocking(() -> {
            deleter.delete(key, precondition);
            return null;
        });
    }

    @Override
    public Mono<ListPage> list(ListQuery query) {
        return blocking(() -> listing.list(query));
    }

    @Override
    public Mono<Boolean> createFolder(ObjectKey folder) {
        return blocking(() -> folders.create(folder));
    }

    @Override
    public Mono<Boolean> folderExists(ObjectKey folder) {
        return blocking(() -> folders.exists(folder));
    }

    @Override
    public Mono<FolderSummary> deleteFolder(ObjectKey folder, boolean recursive) {
        return blocking(() -> folders.delete(folder, recursive));
    }

    @Override
    public Mono<WriteResult> move(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite) {
        return blocking(() -> moves.moveFile(from, to, sourceCondition, overwrite));
    }

    /**
     * Streams the object through staging, as an upload is (SHA-256 and CRC-32 computed on the way, one atomic
     * publish): a copy is a new file with metadata of its own, never a hard link that a change in place by another
     * program would alter on both sides.
     */
    @Override
    public Mono<WriteResult> copy(ObjectKey from, ObjectKey to, Precondition sourceCondition, Overwrite overwrite) {
        Precondition target = overwrite == Overwrite.NEVER ? Precondition.ABSENT : Precondition.NONE;
        return Lifecycles.readClosing(open(from), source -> {
            ObjectInfo info = source.info();
            if (!sourceCondition.test(info)) {
                return Mono.error(new PreconditionFailedException("The precondition for '" + from + "' does not hold"));
            }
            String type = info.contentType() == null ? "application/octet-stream" : info.contentType();
            return blocking(() -> {
                        moves.checkCopyTarget(to, overwrite);
                        return true;
                    })
                    .then(stage(source.read(0, info.size()), new StageOptions(type)))
                    .flatMap(staged -> Lifecycles.publishOrDiscard(this, staged, to, target))
                    .onErrorMap(
                            PreconditionFailedException.class, e -> new TargetExistsException("'" + to + "' exists"));
        });
    }

    @Override
    public Mono<FolderSummary> moveFolder(ObjectKey from, ObjectKey to, Overwrite overwrite) {
        return blocking(() -> moves.moveFolder(from, to, overwrite));
    }

    /**
     * Copies folder by folder and file by file ({@link #copy}), parents first, so the copy's empty folders exist
     * too; files Sluice does not list (links, names that are no key) are not copied.
     */
    @Override
    public Mono<FolderSummary> copyFolder(ObjectKey from, ObjectKey to, Overwrite overwrite) {
        return blocking(() -> moves.planCopy(from, to, overwrite))
                .flatMapMany(Flux::fromIterable)
                .concatMap(entry -> {
                    String suffix = entry.relative().isEmpty() ? "" : "/" + entry.relative();
                    ObjectKey source = LocalMoves.validKey(from.value() + suffix);
                    ObjectKey target = LocalMoves.validKey(to.value() + suffix);
                    if (source == null || target == null) {
                        return Mono.just(FolderSummary.EMPTY);
                    }
                    if (entry.folder()) {
                        return createFolder(target).thenReturn(FolderSummary.EMPTY);
                    }
                    return copy(source, target, Precondition.NONE, overwrite)
                            .map(result ->
                                    FolderSummary.EMPTY.plus(result.info().size()));
                })
                .reduce(FolderSummary.EMPTY, FolderSummary::plus);
    }

    @Override
    public Mono<Long> usableSpace() {
        return blocking(() -> Files.getFileStore(root.directory()).getUsableSpace());
    }

    /**
     * Records metadata recovered by the trailer-format conversion for a file under the root (see
     * {@link MetadataStore#record}). Blocking.
     */
    void record(Path file, String contentType, byte[] sha256) throws IOException {
        metadata.record(file, contentType, sha256);
    }

    /** The object held in memory for the key's current version, or null. Blocking; for tests. */
    @Nullable
    StoredObject cached(ObjectKey key) throws IOException {
        return reader.cached(key);
    }

    /** Digest jobs queued or running; for tests. */
    int hashBacklog() {
        return hasher.backlog();
    }

    @Override
    public void close() throws IOException {
        hasher.close();
        root.close();
    }

    private <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(blocking).onErrorMap(IoErrors::translate);
    }

    private LocalStagedObject ownStaged(StagedObject staged) {
        if (staged instanceof LocalStagedObject local) {
            return local;
        }
        throw new IllegalArgumentException("not staged by this store: " + staged);
    }

    private Mono<Void> abandon(TempUpload upload) {
        return Mono.<Void>fromCallable(() -> {
                    upload.abandon();
                    return null;
                })
                .subscribeOn(blocking)
                .onErrorResume(IOException.class, e -> Mono.empty());
    }
}
