package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ReadOptions;
import dev.sluice.storage.StoredObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBufferFactory;
import reactor.core.scheduler.Scheduler;

/**
 * Reads one version of a file, so that a response's headers and bytes always come from the same version even while
 * another program replaces the file: {@code lstat} the path (the version: inode, size, mtime), open it without
 * following a link, then {@code lstat} again and compare the version and the open file's size. If they differ the
 * file was replaced between the two, and the read starts over. After that the open descriptor keeps that inode, so
 * a rename over the path during the response changes nothing for it. (A program that writes into the same file in
 * place while it is being sent cannot be guarded against by any reader; the next request sees the new version.)
 *
 * <p>Metadata comes from {@link MetadataStore} and counts only when it was written for this version; otherwise the
 * content type is guessed from the name, the digests are absent, and the {@link BackgroundHasher} is asked for them.
 *
 * <p>All methods block; they run on bounded-elastic threads.
 */
final class ObjectReader {

    private static final int READ_BUFFER_SIZE = 64 * 1024;
    private static final int OPEN_ATTEMPTS = 20;
    private static final Set<OpenOption> READ_NO_LINK = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final LocalPaths paths;
    private final MetadataStore metadata;
    private final SmallObjectCache cache;
    private final BackgroundHasher hasher;
    private final ExecutorService io;
    private final Scheduler ioScheduler;
    private final DataBufferFactory bufferFactory;
    private final boolean zeroCopy;

    ObjectReader(
            LocalPaths paths,
            MetadataStore metadata,
            SmallObjectCache cache,
            BackgroundHasher hasher,
            ExecutorService io,
            Scheduler ioScheduler,
            DataBufferFactory bufferFactory,
            boolean zeroCopy) {
        this.paths = paths;
        this.metadata = metadata;
        this.cache = cache;
        this.hasher = hasher;
        this.io = io;
        this.ioScheduler = ioScheduler;
        this.bufferFactory = bufferFactory;
        this.zeroCopy = zeroCopy;
    }

    /** The current object at {@code key}, or null when there is none. */
    @Nullable
    ObjectInfo current(ObjectKey key) throws IOException {
        LocalPaths.Located file = paths.walk(key).regularFile();
        return file == null ? null : infoOf(key, file.path(), file.version());
    }

    ObjectInfo stat(ObjectKey key) throws IOException {
        ObjectInfo info = current(key);
        if (info == null) {
            throw notFound(key);
        }
        return info;
    }

    StoredObject open(ObjectKey key, ReadOptions options) throws IOException {
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            LocalPaths.Located file = paths.walk(key).regularFile();
            if (file == null) {
                throw notFound(key);
            }
            ObjectVersion version = file.version();
            SmallObjectCache.Entry cached = cache.get(key, version);
            if (cached != null && cached.info().sha256() == null) {
                // Cached before the background hasher finished: take up what it has learnt since.
                ObjectInfo now = infoOf(key, file.path(), version);
                if (now.sha256() != null) {
                    cached = new SmallObjectCache.Entry(version, now, cached.content());
                    cache.add(cached);
                }
            }
            if (cached != null) {
                return new CachedObject(cached, bufferFactory);
            }
            // The metadata is read only once the open file is known to be this version: the window between the two
            // stats stays as small as it can be, so even a file replaced every millisecond is opened at once.
            StoredObject opened = cache.admits(version.size())
                    ? readSmall(key, file.path(), version)
                    : options.fileTransfer() && zeroCopy
                            ? openFile(key, file.path(), version)
                            : openStreamed(key, file.path(), version);
            if (opened != null) {
                return opened;
            }
        }
        throw new IOException("'" + key + "' kept changing while it was being opened");
    }

    /** The cached object for the current version of {@code key}, or null; for tests. */
    @Nullable
    StoredObject cached(ObjectKey key) throws IOException {
        LocalPaths.Located file = paths.walk(key).regularFile();
        SmallObjectCache.Entry entry = file == null ? null : cache.get(key, file.version());
        return entry == null ? null : new CachedObject(entry, bufferFactory);
    }

    /** The info of {@code version}, asking for its digests when they are unknown. */
    private ObjectInfo infoOf(ObjectKey key, Path file, ObjectVersion version) throws IOException {
        return infoOf(key, file, version, metadata.read(file, key));
    }

    /**
     * The info of the version just opened, or null when the path was replaced while its metadata was being read:
     * the record found then describes the new file, and taking it as "unknown" would lose digests that are known,
     * so the open starts over.
     */
    private @Nullable ObjectInfo infoOfOpened(ObjectKey key, Path file, ObjectVersion version) throws IOException {
        ObjectMetadata stored = metadata.read(file, key);
        if ((stored == null || !stored.version().equals(version)) && !isVersion(file, version, version.size())) {
            return null;
        }
        return infoOf(key, file, version, stored);
    }

    private ObjectInfo infoOf(ObjectKey key, Path file, ObjectVersion version, @Nullable ObjectMetadata stored) {
        ObjectInfo info = ObjectMetadata.info(key, version, stored);
        if (info.sha256() == null) {
            hasher.request(key, file, version, info.contentType() == null ? "" : info.contentType());
        }
        return info;
    }

    private @Nullable StoredObject readSmall(ObjectKey key, Path file, ObjectVersion version) throws IOException {
        byte[] content = new byte[(int) version.size()];
        try (FileChannel channel = FileChannel.open(file, READ_NO_LINK)) {
            if (!isVersion(file, version, channel.size())) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    return null; // truncated in place: read again
                }
            }
        }
        if (!isVersion(file, version, version.size())) {
            return null; // changed in place while read
        }
        ObjectInfo info = infoOfOpened(key, file, version);
        if (info == null) {
            return null;
        }
        SmallObjectCache.Entry entry = new SmallObjectCache.Entry(version, info, content);
        cache.add(entry);
        return new CachedObject(entry, bufferFactory);
    }

    private @Nullable StoredObject openFile(ObjectKey key, Path file, ObjectVersion version) throws IOException {
        FileChannel channel = FileChannel.open(file, READ_NO_LINK);
        try {
            if (!isVersion(file, version, channel.size())) {
                channel.close();
                return null;
            }
            ObjectInfo info = infoOfOpened(key, file, version);
            if (info == null) {
                channel.close();
                return null;
            }
            return new LocalFileObject(info, channel, ioScheduler, bufferFactory, READ_BUFFER_SIZE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private @Nullable StoredObject openStreamed(ObjectKey key, Path file, ObjectVersion version) throws IOException {
        AsynchronousFileChannel channel = AsynchronousFileChannel.open(file, READ_NO_LINK, io);
        try {
            if (!isVersion(file, version, channel.size())) {
                channel.close();
                return null;
            }
            ObjectInfo info = infoOfOpened(key, file, version);
            if (info == null) {
                channel.close();
                return null;
            }
            return new LocalStoredObject(info, channel, bufferFactory, READ_BUFFER_SIZE);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether the path still shows {@code version} and the open file has its size. */
    private static boolean isVersion(Path file, ObjectVersion version, long openSize) throws IOException {
        if (openSize != version.size()) {
            return false;
        }
        var now = LocalPaths.lstat(file);
        return now != null
                && Boolean.TRUE.equals(now.get("isRegularFile"))
                && ObjectVersion.of(now).equals(version);
    }

    static ObjectNotFoundException notFound(ObjectKey key) {
        return new ObjectNotFoundException("No object at '" + key + "'");
    }
}
