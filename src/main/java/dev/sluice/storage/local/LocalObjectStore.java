package dev.sluice.storage.local;

import dev.sluice.storage.CapacityAware;
import dev.sluice.storage.InsufficientStorageException;
import dev.sluice.storage.KeyFolderConflictException;
import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.LocalFileAccess;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.storage.Precondition;
import dev.sluice.storage.PreconditionFailedException;
import dev.sluice.storage.StageOptions;
import dev.sluice.storage.StagedObject;
import dev.sluice.storage.StorageException;
import dev.sluice.storage.StorageIoException;
import dev.sluice.storage.StoredFile;
import dev.sluice.storage.StoredObject;
import dev.sluice.storage.WriteResult;
import dev.sluice.storage.local.ObjectTrailer.CorruptObjectException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The local-disk {@link ObjectStore}: key {@code a/b.txt} is the file {@code <root>/a/b.txt}, holding the exact
 * content followed by an {@link ObjectTrailer}. Content moves through {@link AsynchronousFileChannel}s on a bounded
 * I/O pool; directory work (create, stat, rename, delete, list) runs on a bounded-elastic scheduler.
 *
 * <p>Uploads are staged in {@code <root>/.sluice/tmp} and published with one atomic rename, under a per-key lock
 * that makes the precondition test and the rename one step. Folders are real directories, so the filesystem
 * itself refuses a key that is both an object and a folder.
 */
public final class LocalObjectStore implements ObjectStore, CapacityAware, LocalFileAccess, AutoCloseable {

    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int PUBLISH_ATTEMPTS = 5;

    private final StoreRoot root;
    private final LocalPaths paths;
    private final LocalListing listing;
    private final KeyLocks locks = new KeyLocks();
    private final ExecutorService io;
    private final Scheduler blocking;
    private final DataBufferFactory bufferFactory;
    private final boolean fsync;
    private final SmallObjectCache cache;

    /**
     * Opens (creating when missing) the store at {@code directory}, without a small-object cache. Blocks: call at
     * start-up.
     *
     * @param io the bounded pool that runs {@link AsynchronousFileChannel} reads and writes
     * @param blocking the scheduler for directory operations, normally {@code Schedulers.boundedElastic()}
     * @param bufferFactory allocates the buffers that reads emit
     * @param fsync whether to sync files and directories before a write completes
     */
    public static LocalObjectStore open(Path directory, ExecutorService io, Scheduler blocking,
            DataBufferFactory bufferFactory, boolean fsync) {
        return open(directory, io, blocking, bufferFactory, fsync, 0, 0);
    }

    /**
     * Opens (creating when missing) the store at {@code directory}, keeping objects of at most
     * {@code cacheMaxObjectSize} bytes in a memory cache of at most {@code cacheSize} bytes (0 for no cache). The
     * cache is never stale because this store, locked to its root, sees every publish and delete. Blocks: call at
     * start-up.
     *
     * @see #open(Path, ExecutorService, Scheduler, DataBufferFactory, boolean)
     */
    public static LocalObjectStore open(Path directory, ExecutorService io, Scheduler blocking,
            DataBufferFactory bufferFactory, boolean fsync, long cacheSize, long cacheMaxObjectSize) {
        return new LocalObjectStore(StoreRoot.open(directory), io, blocking, bufferFactory, fsync,
                SmallObjectCache.of(cacheSize, cacheMaxObjectSize));
    }

    private LocalObjectStore(StoreRoot root, ExecutorService io, Scheduler blocking, DataBufferFactory bufferFactory,
            boolean fsync, SmallObjectCache cache) {
        this.root = root;
        this.paths = new LocalPaths(root.directory());
        this.listing = new LocalListing(paths);
        this.io = io;
        this.blocking = blocking;
        this.bufferFactory = bufferFactory;
        this.fsync = fsync;
        this.cache = cache;
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
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedTransferQueue<>(), factory);
        executor.prestartAllCoreThreads();
        return executor;
    }

    /** The real path of the root directory. */
    public Path rootDirectory() {
        return root.directory();
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
                    .flatMap(opened -> opened.write(content, options.contentType(), fsync, blocking))
                    .filter(staged -> upload.handOver())
                    .onErrorResume(error -> abandon(upload).then(Mono.error(error)))
                    .doOnCancel(() -> abandon(upload).subscribe());
        }).cast(StagedObject.class).onErrorMap(this::translate);
    }

    @Override
    public Mono<WriteResult> publish(StagedObject staged, ObjectKey key, Precondition precondition) {
        LocalStagedObject local = ownStaged(staged);
        return Mono.fromCallable(() -> publishNow(local, key, precondition))
                .subscribeOn(blocking)
                .onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> discard(StagedObject staged) {
        LocalStagedObject local = ownStaged(staged);
        return Mono.<Void>fromCallable(() -> {
            Files.deleteIfExists(local.file());
            return null;
        }).subscribeOn(blocking).onErrorMap(this::translate);
    }

    @Override
    public Mono<StoredObject> open(ObjectKey key) {
        return Mono.defer(() -> {
            StoredObject cached = cached(key);
            return cached != null ? Mono.just(cached)
                    : Mono.fromCallable(() -> openNow(key)).subscribeOn(blocking).onErrorMap(this::translate);
        });
    }

    @Override
    public Mono<StoredFile> openFile(ObjectKey key) {
        return Mono.fromCallable(() -> openFileNow(key)).subscribeOn(blocking).onErrorMap(this::translate);
    }

    @Override
    public @Nullable StoredObject cached(ObjectKey key) {
        SmallObjectCache.Entry entry = cache.get(key);
        return entry == null ? null : new CachedObject(entry, bufferFactory);
    }

    @Override
    public Mono<ObjectInfo> stat(ObjectKey key) {
        SmallObjectCache.Entry entry = cache.get(key);
        if (entry != null) {
            return Mono.just(entry.info());
        }
        return Mono.fromCallable(() -> {
            ObjectInfo info = currentInfo(key);
            if (info == null) {
                throw new ObjectNotFoundException("No object at '" + key + "'");
            }
            return info;
        }).subscribeOn(blocking).onErrorMap(this::translate);
    }

    @Override
    public Mono<Void> delete(ObjectKey key, Precondition precondition) {
        return Mono.<Void>fromCallable(() -> {
            deleteNow(key, precondition);
            return null;
        }).subscribeOn(blocking).onErrorMap(this::translate);
    }

    @Override
    public Mono<ListPage> list(ListQuery query) {
        return Mono.fromCallable(() -> listing.list(query)).subscribeOn(blocking).onErrorMap(this::translate);
    }

    @Override
    public Mono<Long> usableSpace() {
        return Mono.fromCallable(() -> Files.getFileStore(root.directory()).getUsableSpace())
                .subscribeOn(blocking)
                .onErrorMap(this::translate);
    }

    @Override
    public void close() throws IOException {
        root.close();
    }

    private WriteResult publishNow(LocalStagedObject staged, ObjectKey key, Precondition precondition)
            throws IOException {
        Path target = paths.pathOf(key);
        for (int attempt = 1; ; attempt++) {
            ReentrantLock lock = locks.forKey(key);
            lock.lock();
            try {
                paths.checkNearestFolderInside(target);
                ObjectInfo current = currentInfoForWrite(key, target);
                if (!precondition.test(current)) {
                    throw new PreconditionFailedException("The precondition for '" + key + "' does not hold");
                }
                Path folder = target.getParent();
                boolean createdFolders = createFolders(key, folder);
                paths.realPathInside(folder);
                Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
                cache.invalidate(key);
                if (fsync) {
                    syncFolders(folder, createdFolders);
                }
                return new WriteResult(staged.infoAt(key), current == null);
            } catch (NoSuchFileException e) {
                // A concurrent delete pruned a folder between its creation and the rename: create it again.
                if (attempt == PUBLISH_ATTEMPTS || !Files.exists(staged.file())) {
                    throw e;
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private StoredObject openNow(ObjectKey key) throws IOException {
        long stamp = cache.stamp();
        Path real = existingObjectFile(key);
        if (cache.admits(Files.size(real))) {
            try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ)) {
                SmallObjectCache.Entry entry = readSmall(key, channel);
                if (entry != null) {
                    cache.add(entry, stamp);
                    return new CachedObject(entry, bufferFactory);
                }
            }
        }
        AsynchronousFileChannel channel = AsynchronousFileChannel.open(real, Set.of(StandardOpenOption.READ), io);
        try {
            ObjectInfo info = ObjectFiles.readTrailer(channel).toInfo(key);
            return new LocalStoredObject(info, channel, bufferFactory, READ_BUFFER_SIZE);
        } catch (CorruptObjectException e) {
            channel.close();
            throw new ObjectNotFoundException("No object at '" + key + "' (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private StoredFile openFileNow(ObjectKey key) throws IOException {
        long stamp = cache.stamp();
        FileChannel channel = FileChannel.open(existingObjectFile(key), StandardOpenOption.READ);
        try {
            SmallObjectCache.Entry entry = cache.admits(channel.size()) ? readSmall(key, channel) : null;
            if (entry != null) {
                // One read gave content and trailer: later requests are served from memory.
                cache.add(entry, stamp);
                return new LocalStoredFile(entry.info(), channel);
            }
            ObjectInfo info = ObjectFiles.readTrailer(channel).toInfo(key);
            return new LocalStoredFile(info, channel);
        } catch (CorruptObjectException e) {
            channel.close();
            throw new ObjectNotFoundException("No object at '" + key + "' (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Reads a small object file whole, content and trailer, in one read through {@code channel}; null when the file
     * is no longer small (it cannot change under an open channel, but the caller checked the size another way).
     */
    private static SmallObjectCache.@Nullable Entry readSmall(ObjectKey key, FileChannel channel)
            throws IOException {
        long fileSize = channel.size();
        if (fileSize < ObjectTrailer.SIZE || fileSize > Integer.MAX_VALUE) {
            return null;
        }
        byte[] file = new byte[(int) fileSize];
        ByteBuffer buffer = ByteBuffer.wrap(file);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                return null;
            }
        }
        int contentSize = (int) fileSize - ObjectTrailer.SIZE;
        try {
            ObjectInfo info = ObjectTrailer.decode(ByteBuffer.wrap(file, contentSize, ObjectTrailer.SIZE), fileSize)
                    .toInfo(key);
            return new SmallObjectCache.Entry(info, Arrays.copyOf(file, contentSize));
        } catch (CorruptObjectException e) {
            throw new ObjectNotFoundException("No object at '" + key + "' (" + e.getMessage() + ")");
        }
    }

    private void deleteNow(ObjectKey key, Precondition precondition) throws IOException {
        ReentrantLock lock = locks.forKey(key);
        lock.lock();
        try {
            ObjectInfo current = currentInfo(key);
            if (current == null) {
                throw new ObjectNotFoundException("No object at '" + key + "'");
            }
            if (!precondition.test(current)) {
                throw new PreconditionFailedException("The precondition for '" + key + "' does not hold");
            }
            Path target = paths.pathOf(key);
            Files.delete(target);
            cache.invalidate(key);
            if (fsync) {
                ObjectFiles.syncDirectory(target.getParent());
            }
            pruneEmptyFolders(target.getParent());
        } finally {
            lock.unlock();
        }
    }

    /** The real path of the object file for {@code key}, or ObjectNotFoundException. */
    private Path existingObjectFile(ObjectKey key) throws IOException {
        Path real;
        try {
            real = paths.realPathInside(paths.pathOf(key));
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new ObjectNotFoundException("No object at '" + key + "'");
        } catch (FileSystemException e) {
            if (isNotDirectory(e)) {
                throw new ObjectNotFoundException("No object at '" + key + "'");
            }
            throw e;
        }
        if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new ObjectNotFoundException("No object at '" + key + "'");
        }
        return real;
    }

    /** The current object at {@code key}, or null when there is none. */
    private @Nullable ObjectInfo currentInfo(ObjectKey key) throws IOException {
        try {
            return ObjectFiles.readTrailer(existingObjectFile(key)).toInfo(key);
        } catch (ObjectNotFoundException | CorruptObjectException e) {
            return null;
        }
    }

    /**
     * Like {@link #currentInfo} but for a writer: a folder at the key is a conflict unless it is empty (a leftover
     * that a crash kept from being pruned), in which case it is removed; an object where a folder of the key should
     * be is a conflict too.
     */
    private @Nullable ObjectInfo currentInfoForWrite(ObjectKey key, Path target) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (isNotDirectory(e)) {
                throw folderConflict(key);
            }
            throw e;
        }
        if (attributes.isDirectory()) {
            try {
                Files.delete(target);
            } catch (DirectoryNotEmptyException e) {
                throw new KeyFolderConflictException("'" + key + "' is a folder; an object cannot have its name");
            }
            return null;
        }
        return currentInfo(key);
    }

    /** Creates the folders of a key; returns whether any was created. */
    private boolean createFolders(ObjectKey key, Path folder) throws IOException {
        if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            Files.createDirectories(folder);
            return true;
        } catch (FileAlreadyExistsException e) {
            throw folderConflict(key);
        } catch (FileSystemException e) {
            if (isNotDirectory(e)) {
                throw folderConflict(key);
            }
            throw e;
        }
    }

    private void syncFolders(Path folder, boolean createdFolders) throws IOException {
        Path root = paths.root();
        for (Path dir = folder; dir != null && dir.startsWith(root); dir = dir.getParent()) {
            ObjectFiles.syncDirectory(dir);
            if (!createdFolders) {
                return;
            }
        }
    }

    /** Removes folders left empty by a delete, up to (not including) the root, so that listings do not show them. */
    private void pruneEmptyFolders(Path folder) throws IOException {
        Path root = paths.root();
        for (Path dir = folder; dir != null && !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    return;
                }
            } catch (NoSuchFileException e) {
                continue;
            }
            try {
                Files.delete(dir);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            }
        }
    }

    private static KeyFolderConflictException folderConflict(ObjectKey key) {
        return new KeyFolderConflictException(
                "A folder of '" + key + "' is an object; a key cannot be both an object and a folder");
    }

    private static boolean isNotDirectory(FileSystemException e) {
        return e instanceof NotDirectoryException || "Not a directory".equals(e.getReason());
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
        }).subscribeOn(blocking).onErrorResume(IOException.class, e -> Mono.empty());
    }

    /** Turns I/O failures into the storage package's errors; the store's own errors pass through. */
    private Throwable translate(Throwable error) {
        if (error instanceof StorageException) {
            return error;
        }
        if (error instanceof IOException io && isNoSpace(io)) {
            return new InsufficientStorageException("The storage disk is full", io);
        }
        if (error instanceof AccessDeniedException) {
            return new StorageIoException("Permission denied in the storage root: " + error.getMessage(), error);
        }
        if (error instanceof IOException) {
            return new StorageIoException("Storage I/O failed: " + error.getMessage(), error);
        }
        return error;
    }

    private static boolean isNoSpace(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota"))) {
                return true;
            }
        }
        return false;
    }
}
