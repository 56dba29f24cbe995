package dev.sluice.storage.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The conversion's journal in the state folder: the batch of object files about to be truncated, each with the
 * trailer fields that the truncation destroys, and the walk position before the batch.
 *
 * <p>It is written whole to a temp file, synced and renamed over the previous one, so it is always either the old
 * batch or the new one, never a torn mix; a CRC32C over its bytes catches anything else. Replacing it with the next
 * batch is what drops the previous batch's entries, which is why that happens only once all of them are finished.
 * Blocking: called on the start-up thread.
 */
final class ConversionJournal {

    static final String FILE_NAME = "conversion-journal";
    private static final String MAGIC = "sluice-trailer-conversion 1";

    private final Path file;
    private final ConversionCrashPoints crashPoints;

    ConversionJournal(Path stateDirectory, ConversionCrashPoints crashPoints) {
        this.file = stateDirectory.resolve(FILE_NAME);
        this.crashPoints = crashPoints;
    }

    /**
     * One object file to convert: its path relative to the root ('/'-separated), its identity when journalled (so a
     * file replaced since is recognised and left alone) and the trailer it had.
     */
    record Entry(String relativePath, String fileKey, ObjectTrailer trailer) {}

    /**
     * A batch: the walk position the batch starts after ({@code null} at the very beginning) and its entries, in
     * walk order.
     */
    record Batch(@Nullable String after, List<Entry> entries) {

        /** Where the walk resumes once this batch is finished. */
        @Nullable
        String resumeAfter() {
            return entries.isEmpty() ? after : entries.get(entries.size() - 1).relativePath();
        }
    }

    /** The journalled batch, if a run stopped before finishing. A leftover temp file is a write that never landed. */
    Optional<Batch> read() throws IOException {
        Files.deleteIfExists(ConversionFiles.temp(file));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (bytes.length < 4) {
            throw damaged();
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw damaged();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
        if (!MAGIC.equals(in.readUTF())) {
            throw damaged();
        }
        String after = in.readBoolean() ? in.readUTF() : null;
        int count = in.readInt();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String path = in.readUTF();
            String fileKey = in.readUTF();
            long size = in.readLong();
            long modified = in.readLong();
            byte[] sha256 = new byte[32];
            in.readFully(sha256);
            String contentType = in.readUTF();
            entries.add(new Entry(path, fileKey, new ObjectTrailer(size, modified, sha256, contentType)));
        }
        return Optional.of(new Batch(after, entries));
    }

    /** Makes {@code batch} the journal, durably, replacing the previous batch. */
    void write(Batch batch) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(MAGIC);
        String after = batch.after();
        out.writeBoolean(after != null);
        if (after != null) {
            out.writeUTF(after);
        }
        out.writeInt(batch.entries().size());
        for (Entry entry : batch.entries()) {
            ObjectTrailer trailer = entry.trailer();
            out.writeUTF(entry.relativePath());
            out.writeUTF(entry.fileKey());
            out.writeLong(trailer.size());
            out.writeLong(trailer.lastModifiedEpochSecond());
            out.write(trailer.sha256());
            out.writeUTF(trailer.contentType());
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        // Always synced, whatever sluice.storage.fsync says: once a file is truncated, this is the only copy of
        // its metadata.
        ConversionFiles.replaceAtomically(file, bytes.toByteArray(), crashPoints, "journal");
    }

    /** Removes the journal once the whole store is converted. */
    void delete() throws IOException {
        if (Files.deleteIfExists(file)) {
            ConversionFiles.syncDirectory(Objects.requireNonNull(file.getParent()));
        }
        crashPoints.reached("journal-deleted");
    }

    private IOException damaged() {
        return new IOException("The conversion journal " + file + " is damaged; it holds the metadata of object"
                + " files being converted, so Sluice stops rather than lose it. Keep a copy of it and report this.");
    }

    @Override
    public String toString() {
        return file.toString();
    }

    static boolean sameTrailer(ObjectTrailer a, ObjectTrailer b) {
        return a.size() == b.size()
                && a.lastModifiedEpochSecond() == b.lastModifiedEpochSecond()
                && Arrays.equals(a.sha256(), b.sha256())
                && a.contentType().equals(b.contentType());
    }
}
