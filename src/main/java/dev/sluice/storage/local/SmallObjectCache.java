package dev.sluice.storage.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Small objects of the local store held in memory, so that a hot small download costs a map lookup on the event
 * loop instead of a path resolution, an open, a trailer read and a content read on other threads.
 *
 * <p>Never stale. The store is the only writer of its root ({@link StoreRoot} locks it to one process) and calls
 * {@link #invalidate} after every publish and delete, once the file system already shows the change. A reader that
 * read a file adds it only through {@link #add}, which refuses the entry when any publish or delete happened since
 * the reader's {@link #stamp} (taken before it opened the file); the test and the insert are one atomic step per key
 * against the invalidation's removal, so an old version can never land after the removal that should have cleared
 * it. Each entry is an immutable copy of one version (content and trailer from one read of one open file).
 *
 * <p>Bounded by bytes (Caffeine's size-based eviction by weight). Hand-written parts are only the staleness rule;
 * eviction and the lock-free reads are Caffeine's.
 */
final class SmallObjectCache {

    /** Rough bytes an entry holds beyond its content: the key, the metadata strings, the map node. */
    private static final int ENTRY_OVERHEAD = 256;

    private final @Nullable Cache<ObjectKey, Entry> entries;
    private final long maxObjectSize;
    private final AtomicLong generation = new AtomicLong();

    private SmallObjectCache(@Nullable Cache<ObjectKey, Entry> entries, long maxObjectSize) {
        this.entries = entries;
        this.maxObjectSize = maxObjectSize;
    }

    /**
     * A cache of at most {@code capacity} bytes holding objects of at most {@code maxObjectSize} bytes; off when
     * either is 0.
     */
    static SmallObjectCache of(long capacity, long maxObjectSize) {
        if (capacity <= 0 || maxObjectSize <= 0) {
            return off();
        }
        Cache<ObjectKey, Entry> entries = Caffeine.newBuilder()
                .maximumWeight(capacity)
                .weigher((ObjectKey key, Entry entry) -> entry.weight())
                // Maintenance (eviction) runs on the thread that adds or removes, never on a pool of its own.
                .executor(Runnable::run)
                .build();
        return new SmallObjectCache(entries, Math.min(maxObjectSize, capacity));
    }

    /** A cache that holds nothing. */
    static SmallObjectCache off() {
        return new SmallObjectCache(null, 0);
    }

    /** Whether an object file of {@code fileSize} bytes (content and trailer) would be kept. */
    boolean admits(long fileSize) {
        return entries != null && fileSize - ObjectTrailer.SIZE <= maxObjectSize;
    }

    /** The current generation: take it before opening a file whose content may be {@link #add added}. */
    long stamp() {
        return generation.get();
    }

    /** The cached object at {@code key}, or null. Never blocks: safe on an event loop. */
    @Nullable Entry get(ObjectKey key) {
        return entries == null ? null : entries.getIfPresent(key);
    }

    /** Adds an entry read after {@code stamp} was taken, unless a publish or delete happened since. */
    void add(Entry entry, long stamp) {
        if (entries == null || stamp != generation.get()) {
            return;
        }
        entries.asMap().compute(entry.info().key(), (key, old) -> stamp == generation.get() ? entry : old);
    }

    /** Forgets {@code key}; call after a publish or delete of it has reached the file system. */
    void invalidate(ObjectKey key) {
        // First the generation, then the removal: an add that runs after the removal sees the new generation.
        generation.incrementAndGet();
        if (entries != null) {
            entries.invalidate(key);
        }
    }

    /** Bytes held, for tests and metrics; 0 when off. */
    long weightedSize() {
        return entries == null ? 0 : entries.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    /**
     * One version of a small object: its metadata and a copy of its content.
     *
     * @param content exactly {@code info.size()} bytes; never modified after construction
     */
    record Entry(ObjectInfo info, byte[] content) {

        int weight() {
            return content.length + ENTRY_OVERHEAD;
        }
    }
}
