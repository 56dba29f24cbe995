package dev.sluice.storage.local;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import org.jspecify.annotations.Nullable;

/**
 * Small objects of the local store held in memory, so that a hot small download costs a {@code stat} instead of an
 * open, a read and a close.
 *
 * <p>Never stale, even when other programs change the files: every entry holds the {@link ObjectVersion} its bytes
 * were read from (checked against the open file), and {@link #get} returns it only for the version the caller has
 * just seen with {@code stat}. A file replaced or changed in place has another version, so its entry is never used
 * again (and is dropped). Publishes and deletes through Sluice drop the key too, only to free the memory sooner.
 *
 * <p>Bounded by bytes (Caffeine's size-based eviction by weight). Hand-written parts are only the version rule;
 * eviction and the lock-free reads are Caffeine's.
 */
final class SmallObjectCache {

    /** Rough bytes an entry holds beyond its content: the key, the metadata strings, the map node. */
    private static final int ENTRY_OVERHEAD = 256;

    private final @Nullable Cache<ObjectKey, Entry> entries;
    private final long maxObjectSize;

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

    /** Whether an object of {@code size} bytes would be kept. */
    boolean admits(long size) {
        return entries != null && size <= maxObjectSize;
    }

    /** The cached object at {@code key} if it is of {@code current}, the version just seen on disk; else null. */
    @Nullable
    Entry get(ObjectKey key, ObjectVersion current) {
        if (entries == null) {
            return null;
        }
        Entry entry = entries.getIfPresent(key);
        if (entry == null) {
            return null;
        }
        if (!entry.version().equals(current)) {
            entries.asMap().remove(key, entry);
            return null;
        }
        return entry;
    }

    /** Keeps one version's bytes, read from a file whose identity was checked against {@code entry.version()}. */
    void add(Entry entry) {
        if (entries != null) {
            entries.put(entry.info().key(), entry);
        }
    }

    /** Forgets {@code key}; after a publish or delete of it. */
    void invalidate(ObjectKey key) {
        if (entries != null) {
            entries.invalidate(key);
        }
    }

    /** Bytes held, for tests and metrics; 0 when off. */
    long weightedSize() {
        return entries == null
                ? 0
                : entries.policy()
                        .eviction()
                        .map(e -> e.weightedSize().orElse(0))
                        .orElse(0L);
    }

    /**
     * One version of a small object: its metadata and a copy of its content.
     *
     * @param content exactly {@code info.size()} bytes; never modified after construction
     */
    record Entry(ObjectVersion version, ObjectInfo info, byte[] content) {

        int weight() {
            return content.length + ENTRY_OVERHEAD;
        }
    }
}
