package dev.sluice.zipdownload;

import dev.sluice.storage.ListPage;
import dev.sluice.storage.ListQuery;
import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.ObjectNotFoundException;
import dev.sluice.storage.ObjectStore;
import dev.sluice.zip.ZipItem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The entries of a {@link Selection}, from the store's delimited listings: each folder is listed page by page, its
 * sub-folders walked depth-first where they sort, so entries come in the UTF-8 order of their keys with every folder
 * (empty ones too, as far as the store lists them) before what it holds. Only one page per folder level is held at a
 * time. A file's content is read when the writer reaches it: opened, read for the range asked, and closed however
 * the read ends.
 */
final class ArchiveEntries {

    /** A page of a listing: large pages, few requests (ListObjectsV2 returns at most 1,000 keys per request). */
    private static final int PAGE = 1000;

    /** A folder's time when nothing in it says one: the earliest a ZIP can tell (1980-01-01, DOS time's start). */
    static final Instant NO_TIME = Instant.parse("1980-01-01T00:00:00Z");

    private final ObjectStore store;
    private final int statConcurrency;

    ArchiveEntries(ObjectStore store, int statConcurrency) {
        this.store = store;
        this.statConcurrency = statConcurrency;
    }

    /**
     * One entry before its CRC-32 is settled.
     *
     * @param name the name inside the archive (a folder's ends in {@code /})
     * @param file a file's metadata, from the listing or a stat; null for a folder
     * @param lastModified the time written for it
     */
    record Entry(String name, @Nullable ObjectInfo file, Instant lastModified) {

        static Entry folder(String name, Instant lastModified) {
            return new Entry(name, null, lastModified);
        }
    }

    /**
     * Every entry of {@code selection}, lazily, in order. A selected key that is missing, or a selected folder that
     * does not exist, fails with {@link ObjectNotFoundException}.
     */
    Flux<Entry> walk(Selection selection) {
        return Flux.fromIterable(selection.targets())
                .concatMap(
                        target -> target.isEmpty() || target.endsWith("/")
                                ? folder(selection, target, target.isEmpty())
                                : store.stat(new ObjectKey(target))
                                        .map(info -> new Entry(selection.entryName(target), info, info.lastModified()))
                                        .flux(),
                        1);
    }

    /**
     * The entries with every CRC-32 the store can tell: those the listing lacked are asked for by a stat, a few at a
     * time, in order (on S3 a HEAD each; on local disk a stat also queues an unhashed file for the background
     * hasher, so a later download knows it). A file gone since the listing is left out.
     */
    Mono<List<ZipItem>> withKnownCrcs(List<Entry> entries) {
        return Flux.fromIterable(entries)
                .flatMapSequential(
                        entry -> {
                            ObjectInfo file = entry.file();
                            if (file == null || file.size() == 0 || file.crc32() != null) {
                                return Mono.just(Optional.of(entry));
                            }
                            return store.stat(file.key())
                                    .map(info -> Optional.of(new Entry(entry.name(), info, info.lastModified())))
                                    .onErrorResume(ObjectNotFoundException.class, gone -> Mono.just(Optional.empty()));
                        },
                        statConcurrency)
                .flatMap(Mono::justOrEmpty)
                .map(this::item)
                .collectList();
    }

    /** The archive entry, reading the file's content from the store when the writer asks for it. */
    ZipItem item(Entry entry) {
        ObjectInfo file = entry.file();
        if (file == null) {
            return ZipItem.folder(entry.name(), entry.lastModified());
        }
        ObjectKey key = file.key();
        return ZipItem.file(
                entry.name(),
                file.size(),
                file.lastModified(),
                file.crc32(),
                (offset, length) -> read(key, offset, length));
    }

    private Flux<DataBuffer> read(ObjectKey key, long offset, long length) {
        if (length == 0) {
            return Flux.empty();
        }
        return Flux.usingWhen(
                store.open(key), object -> object.read(offset, length), object -> Mono.fromRunnable(object::close));
    }

    /**
     * A folder's own entry (unless it is the base), then what it holds. The folder's time is the newest of the files
     * on its first page, which the listing has at hand; {@link #NO_TIME} when it holds no file directly.
     */
    private Flux<Entry> folder(Selection selection, String folder, boolean exists) {
        return store.list(new ListQuery(folder, true, null, PAGE)).flatMapMany(first -> {
            if (!exists && first.items().isEmpty() && first.prefixes().isEmpty()) {
                return exists(folder)
                        .flatMapMany(found -> found
                                ? self(selection, folder, first)
                                : Flux.error(new ObjectNotFoundException("no folder at " + folder)));
            }
            return self(selection, folder, first).concatWith(contents(selection, folder, first));
        });
    }

    private static Flux<Entry> self(Selection selection, String folder, ListPage first) {
        String name = selection.entryName(folder);
        if (name.isEmpty()) {
            return Flux.empty();
        }
        Instant time = first.items().stream()
                .map(ObjectInfo::lastModified)
                .max(Comparator.naturalOrder())
                .orElse(NO_TIME);
        return Flux.just(Entry.folder(name, time));
    }

    private Flux<Entry> contents(Selection selection, String folder, ListPage page) {
        Flux<Entry> entries = Flux.fromIterable(merged(page))
                .concatMap(
                        listed -> listed.file() == null
                                ? folder(selection, listed.key(), true)
                                : Flux.just(new Entry(
                                        selection.entryName(listed.key()),
                                        listed.file(),
                                        listed.file().lastModified())),
                        1);
        String last = page.last();
        if (last == null) {
            return entries;
        }
        return entries.concatWith(Flux.defer(() -> store.list(new ListQuery(folder, true, last, PAGE))
                .flatMapMany(next -> contents(selection, folder, next))));
    }

    /**
     * Whether {@code folder} exists though it lists nothing: its parent's listing names it as a sub-folder (the
     * store lists empty folders where it keeps them). Names that sort just before it ({@code a-b}, {@code a.txt}
     * before {@code a/}) share the page, so one large page is asked for.
     */
    private Mono<Boolean> exists(String folder) {
        String name = folder.substring(0, folder.length() - 1);
        return store.list(new ListQuery(name, true, null, PAGE))
                .map(page -> page.prefixes().contains(folder));
    }

    /** A page's files and sub-folders together, in the UTF-8 order of their keys. */
    private static List<Listed> merged(ListPage page) {
        List<Listed> all = new ArrayList<>(page.items().size() + page.prefixes().size());
        page.items().forEach(info -> all.add(new Listed(info.key().value(), info)));
        page.prefixes().forEach(prefix -> all.add(new Listed(prefix, null)));
        all.sort(Comparator.comparing(Listed::key, ObjectKey.UTF8_ORDER));
        return all;
    }

    private record Listed(String key, @Nullable ObjectInfo file) {}
}
