package dev.sluice.storage.local;

import dev.sluice.storage.local.ConversionJournal.Batch;
import dev.sluice.storage.local.ConversionJournal.Entry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store of the trailer format ({@code <root>/.sluice/format} is "sluice-local-store 1": every object file
 * is its content followed by an {@link ObjectTrailer}) in place to plain files, at the first start of the version
 * that reads plain files: each object file is truncated to its content, its modification time set to the object's
 * last-modified time, and the trailer's content type and SHA-256 handed to a {@link ConvertedObjectSink}. At the end
 * the marker says "sluice-local-store 2".
 *
 * <p><b>Crash safety.</b> Files are converted in batches in a fixed order ({@link SortedTreeWalk}). Before a batch is
 * touched, its entries (path, file identity, the whole trailer) and the walk position before it are made durable in
 * the {@link ConversionJournal}. A restart first finishes the journalled batch: a file still the content plus a
 * matching trailer is truncated; a file already the content's size (same inode) only gets its time and metadata again
 * (the sink is idempotent); anything else was changed by someone else and is left alone. It then resumes the walk
 * after the batch, so no file is ever looked at twice by the conversion once its batch is done: a file whose content
 * happens to end in a valid trailer is not truncated a second time. Files without a valid trailer (magic, CRC32C and
 * a size consistent with the file's) are left untouched and logged; {@code .sluice/} and the state folder are not
 * walked.
 *
 * <p><b>Blocking.</b> Everything here blocks, and runs once on the start-up thread while the store's bean is created,
 * before the web server is started: no event loop exists that it could hold up, no request is served from a store
 * half converted, and nothing answers (not even the health endpoints) until it is done. It runs under the root's
 * lock: the store's own ({@link #convertLocked}), or the old format's lock file, which {@link #convertIfNeeded}
 * takes, so that no other Sluice, of either version, serves the root meanwhile.
 */
final class TrailerFormatConversion {

    static final String FORMAT_1 = "sluice-local-store 1\n";
    static final String FORMAT_2 = "sluice-local-store 2\n";
    private static final Logger log = LoggerFactory.getLogger(TrailerFormatConversion.class);
    private static final int MAX_LOGGED_STRAYS = 100;

    /**
     * How a run goes: {@code fsync} syncs each truncated file before its metadata is recorded (the journal and the
     * markers are always synced); {@code batchSize} files per journal; progress logged every {@code progressEvery}.
     */
    record Options(boolean fsync, int batchSize, int progressEvery, ConversionCrashPoints crashPoints) {

        static Options defaults(boolean fsync) {
            return new Options(fsync, 256, 1000, ConversionCrashPoints.NONE);
        }
    }

    /** What a run did; {@code converted} counts the files finished by this run (journalled ones included). */
    record Result(boolean needed, long converted, long leftAlone) {}

    private final Path root;
    private final Path stateDirectory;
    private final ConvertedObjectSink sink;
    private final Options options;
    private final ConversionJournal journal;
    private long done;
    private long total;
    private long leftAlone;

    private TrailerFormatConversion(Path root, Path stateDirectory, ConvertedObjectSink sink, Options options) {
        this.root = root;
        this.stateDirectory = stateDirectory;
        this.sink = sink;
        this.options = options;
        this.journal = new ConversionJournal(stateDirectory, options.crashPoints());
    }

    /**
     * Converts the store at {@code root} when it is of the trailer format, and finishes an interrupted conversion;
     * does nothing for any other folder. It takes the old format's lock itself: call it before the store claims
     * the root. Blocking.
     *
     * @param stateDirectory where the journal and the new marker go ({@code <root>/.sluice} by default)
     * @throws IllegalStateException when the marker names a format this code does not know, or another Sluice
     *     holds the root
     */
    static Result convertIfNeeded(Path root, Path stateDirectory, ConvertedObjectSink sink, boolean fsync)
            throws IOException {
        return convertIfNeeded(root, stateDirectory, sink, Options.defaults(fsync));
    }

    static Result convertIfNeeded(Path root, Path stateDirectory, ConvertedObjectSink sink, Options options)
            throws IOException {
        Path realRoot = root.toRealPath();
        Path oldMarker = realRoot.resolve(StoreRoot.META_DIR).resolve("format");
        Path newMarker = stateDirectory.resolve("format");
        if (isMarker(readMarker(newMarker), FORMAT_2)) {
            if (!newMarker.equals(oldMarker) && isMarker(readMarker(oldMarker), FORMAT_1)) {
                ConversionFiles.replaceAtomically(oldMarker, bytes(FORMAT_2), options.crashPoints(), "old-marker");
            }
            new ConversionJournal(stateDirectory, options.crashPoints()).delete();
            return new Result(false, 0, 0);
        }
        String found = readMarker(oldMarker);
        if (found == null || isMarker(found, FORMAT_2)) {
            return new Result(false, 0, 0);
        }
        if (!isMarker(found, FORMAT_1)) {
            throw new IllegalStateException("Storage root " + realRoot + " has an unknown format '" + found.strip()
                    + "'; this Sluice converts '" + FORMAT_1.strip() + "' and reads '" + FORMAT_2.strip() + "'");
        }
        Files.createDirectories(stateDirectory);
        try (FileChannel lockChannel = FileChannel.open(
                        oldMarker.resolveSibling("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lock(lockChannel, realRoot)) {
            return convertLocked(realRoot, stateDirectory, sink, options);
        }
    }

    /**
     * Converts (or finishes converting) a store whose marker the caller has read as format 1, while the caller holds
     * the store's lock: the shape of the store's start-up upgrade step, e.g.
     * {@code (root, state, metadata) -> convertLocked(root, state, metadata::record, Options.defaults(fsync))}. It
     * writes the format-2 marker into {@code stateDirectory} itself before it drops the journal (a caller that then
     * writes the same marker again does no harm): were the journal gone with the marker still saying format 1, a
     * restart would walk from the beginning and could cut a converted file a second time. Blocking.
     */
    static Result convertLocked(Path root, Path stateDirectory, ConvertedObjectSink sink, Options options)
            throws IOException {
        Path realRoot = root.toRealPath();
        return new TrailerFormatConversion(realRoot, stateDirectory.toRealPath(), sink, options)
                .run(realRoot.resolve(StoreRoot.META_DIR).resolve("format"), stateDirectory.resolve("format"));
    }

    private Result run(Path oldMarker, Path newMarker) throws IOException {
        long started = System.nanoTime();
        Optional<Batch> interrupted = journal.read();
        String after = null;
        if (interrupted.isPresent()) {
            Batch batch = interrupted.get();
            log.info(
                    "Resuming the conversion of storage root {} to plain files: finishing {} journalled file(s)",
                    root,
                    batch.entries().size());
            total = batch.entries().size();
            for (Entry entry : batch.entries()) {
                finish(entry);
            }
            after = batch.resumeAfter();
        }
        SortedTreeWalk walk =
                new SortedTreeWalk(root, new HashSet<>(List.of(root.resolve(StoreRoot.META_DIR), stateDirectory)));
        long[] candidates = {0};
        walk.walk(after, (file, relative, attributes) -> {
            if (attributes.size() >= ObjectTrailer.SIZE
                    && ConversionFiles.readTrailer(file).isPresent()) {
                candidates[0]++;
            }
        });
        total += candidates[0];
        log.info("Converting storage root {} to plain files: {} object file(s) to go", root, candidates[0]);
        List<Entry> batch = new ArrayList<>(options.batchSize());
        String[] position = {after};
        walk.walk(after, (file, relative, attributes) -> {
            Optional<ObjectTrailer> trailer =
                    attributes.size() >= ObjectTrailer.SIZE ? ConversionFiles.readTrailer(file) : Optional.empty();
            if (trailer.isEmpty()) {
                leftAlone(file, "it does not end in a Sluice trailer");
                return;
            }
            batch.add(new Entry(relative, fileKey(attributes), trailer.get()));
            if (batch.size() == options.batchSize()) {
                position[0] = convert(new Batch(position[0], batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            convert(new Batch(position[0], batch));
        }
        ConversionFiles.replaceAtomically(newMarker, bytes(FORMAT_2), options.crashPoints(), "marker");
        if (!newMarker.equals(oldMarker) && isMarker(readMarker(oldMarker), FORMAT_1)) {
            ConversionFiles.replaceAtomically(oldMarker, bytes(FORMAT_2), options.crashPoints(), "old-marker");
        }
        journal.delete();
        log.info(
                "Converted storage root {} to plain files: {} / {} object file(s) done, {} other file(s) left"
                        + " alone, in {} s",
                root,
                done,
                total,
                leftAlone,
                (System.nanoTime() - started) / 1_000_000_000L);
        return new Result(true, done, leftAlone);
    }

    /** Journals the batch, then converts its files; returns the walk position after it. */
    private @Nullable String convert(Batch batch) throws IOException {
        journal.write(batch);
        for (Entry entry : batch.entries()) {
            finish(entry);
        }
        return batch.resumeAfter();
    }

    /** Brings one journalled file to its converted state, from wherever a crash left it. Idempotent. */
    private void finish(Entry entry) throws IOException {
        Path file = root.resolve(entry.relativePath());
        ObjectTrailer trailer = entry.trailer();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
            leftAlone(file, "it was removed during the conversion");
            return;
        }
        if (!attributes.isRegularFile() || !fileKey(attributes).equals(entry.fileKey())) {
            leftAlone(file, "it was replaced during the conversion");
            return;
        }
        if (attributes.size() == trailer.size() + ObjectTrailer.SIZE) {
            Optional<ObjectTrailer> still = ConversionFiles.readTrailer(file);
            if (still.isEmpty() || !ConversionJournal.sameTrailer(still.get(), trailer)) {
                leftAlone(file, "it was changed during the conversion");
                return;
            }
            ConversionFiles.truncate(file, trailer.size());
            options.crashPoints().reached("truncated");
        } else if (attributes.size() != trailer.size()) {
            leftAlone(file, "it was changed during the conversion");
            return;
        }
        // The trailer's time was the object's Last-Modified; the file's own time now takes its place.
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(trailer.lastModifiedEpochSecond())));
        if (options.fsync()) {
            ConversionFiles.sync(file);
        }
        options.crashPoints().reached("time-set");
        sink.record(file, trailer.contentType(), trailer.sha256());
        options.crashPoints().reached("recorded");
        done++;
        if (done % options.progressEvery() == 0) {
            log.info("Converting storage root {} to plain files: {} / {} done", root, done, total);
        }
    }

    private void leftAlone(Path file, String why) {
        leftAlone++;
        if (leftAlone <= MAX_LOGGED_STRAYS) {
            log.warn("Conversion to plain files: left {} as it is: {}", file, why);
        } else if (leftAlone == MAX_LOGGED_STRAYS + 1) {
            log.warn("Conversion to plain files: more files left as they are; only the count is logged from now on");
        }
    }

    private static String fileKey(BasicFileAttributes attributes) {
        Object key = attributes.fileKey();
        return key == null ? "" : key.toString();
    }

    private static @Nullable String readMarker(Path marker) throws IOException {
        try {
            return Files.readString(marker, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static boolean isMarker(@Nullable String found, String marker) {
        return found != null && found.strip().equals(marker.strip());
    }

    private static byte[] bytes(String marker) {
        return marker.getBytes(StandardCharsets.US_ASCII);
    }

    private static FileLock lock(FileChannel channel, Path root) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("Storage root " + root + " is in use by another Sluice process");
        }
        return lock;
    }
}
