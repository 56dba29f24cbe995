package dev.sluice.storage.local;

import dev.sluice.storage.ObjectKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the local store keeps what {@code stat} does not tell: in the user extended attribute
 * {@code user.sluice.meta} of each file when the filesystem has them (probed once at start-up) and they are not
 * turned off, else in the {@link MetadataIndex}. An attribute set on the staged file before the rename moves with
 * it, so content and metadata change in one atomic step; an attribute that survives a change in place no longer
 * matches the file's version and is ignored.
 *
 * <p>Also the receiver of metadata recovered from an old trailer-format store by its conversion:
 * {@link #record(Path, String, byte[])} has the shape of that conversion's {@code ConvertedObjectSink}.
 *
 * <p>All methods block; they run on bounded-elastic threads (or the hasher's own).
 */
final class MetadataStore {

    /** The attribute's name without the {@code user.} namespace, which Java adds on Linux. */
    static final String ATTRIBUTE = "sluice.meta";
    /** Longer than any record ({@link ObjectMetadata} with a 255-character content type). */
    private static final int MAX_RECORD = 1024;

    private static final Logger log = LoggerFactory.getLogger(MetadataStore.class);

    private final boolean xattrs;
    private final MetadataIndex index;
    private final LocalPaths paths;

    MetadataStore(boolean xattrs, MetadataIndex index, LocalPaths paths) {
        this.xattrs = xattrs;
        this.index = index;
        this.paths = paths;
    }

    /** Whether metadata goes to extended attributes (else to the index). */
    boolean usesXattrs() {
        return xattrs;
    }

    /**
     * Whether {@code directory}'s filesystem keeps user extended attributes: writes, reads back and removes a probe
     * file. Blocking; at start-up.
     */
    static boolean probe(Path directory) {
        Path probe = directory.resolve("xattr-probe");
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            UserDefinedFileAttributeView view = view(probe);
            if (view == null) {
                return false;
            }
            view.write(ATTRIBUTE, ByteBuffer.wrap(new byte[] {'o', 'k'}));
            ByteBuffer back = ByteBuffer.allocate(8);
            return view.read(ATTRIBUTE, back) == 2;
        } catch (IOException | UnsupportedOperationException e) {
            log.info("No user extended attributes in {} ({}): metadata goes to the index", directory, e.toString());
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a leftover probe in the state folder is harmless; it is replaced at the next start
            }
        }
    }

    /** The stored metadata of the file of {@code key}, whatever version it describes; null when there is none. */
    @Nullable
    ObjectMetadata read(Path file, ObjectKey key) throws IOException {
        if (xattrs) {
            ObjectMetadata found = readAttribute(file);
            if (found != null) {
                return found;
            }
        }
        return index.read(key);
    }

    /**
     * Sets the metadata on a staged file, before it is renamed into place; false when it has to go to the index at
     * publish time instead (attributes off or refused for this file).
     */
    boolean writeStaged(Path staged, ObjectMetadata metadata) {
        return xattrs && writeAttribute(staged, metadata);
    }

    /** Remembers the metadata of the file now at {@code key}: on the file when it can be, else in the index. */
    void write(ObjectKey key, Path file, ObjectMetadata metadata) throws IOException {
        if (!writeStaged(file, metadata)) {
            index.write(key, metadata);
        }
    }

    /** Writes the index entry of {@code key} (for a staged file whose attribute could not be set). */
    void writeIndex(ObjectKey key, ObjectMetadata metadata) throws IOException {
        index.write(key, metadata);
    }

    /** Forgets what the index holds for {@code key} (after a delete). */
    void forget(ObjectKey key) throws IOException {
        index.forget(key);
    }

    /**
     * Records the metadata recovered for a converted file, for the version it has now (CRC-32 unknown: the old
     * trailer held a CRC32C). Matches {@code ConvertedObjectSink.record} of the trailer-format conversion.
     *
     * @param file a file under the root, already truncated to its content
     */
    void record(Path file, String contentType, byte[] sha256) throws IOException {
        ObjectKey key = paths.keyOf(file);
        ObjectVersion version = ObjectVersion.of(file);
        write(key, file, new ObjectMetadata(version, contentType, HexFormat.of().formatHex(sha256), null));
    }

    private static @Nullable ObjectMetadata readAttribute(Path file) {
        UserDefinedFileAttributeView view = view(file);
        if (view == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(MAX_RECORD);
        try {
            int length = view.read(ATTRIBUTE, buffer);
            return ObjectMetadata.decode(Arrays.copyOf(buffer.array(), length));
        } catch (FileSystemException | UnsupportedOperationException e) {
            // No attribute (ENODATA), none possible here (ENOTSUP), not readable, or the file just went: unknown.
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean writeAttribute(Path file, ObjectMetadata metadata) {
        UserDefinedFileAttributeView view = view(file);
        if (view == null) {
            return false;
        }
        try {
            view.write(ATTRIBUTE, ByteBuffer.wrap(metadata.encode()));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            // Read-only file, read-only or attribute-less filesystem, quota: the index takes it.
            return false;
        }
    }

    private static @Nullable UserDefinedFileAttributeView view(Path file) {
        return Files.getFileAttributeView(file, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
