package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Sinks for the conversion's tests: one into memory, one into user extended attributes on the file itself. */
final class RecordingSinks {

    static final String CONTENT_TYPE_ATTRIBUTE = "sluice.content-type";
    static final String SHA256_ATTRIBUTE = "sluice.sha256";

    private RecordingSinks() {}

    /** What a sink was handed for one file. */
    record Recorded(String contentType, byte[] sha256) {}

    /** Records into a map keyed by the file's path; a second record of the same file replaces the first. */
    static final class MapSink implements ConvertedObjectSink {
        final Map<Path, Recorded> recorded = new ConcurrentHashMap<>();
        int calls;

        @Override
        public void record(Path file, String contentType, byte[] sha256) {
            calls++;
            recorded.put(file, new Recorded(contentType, sha256.clone()));
        }
    }

    /** Writes {@code user.sluice.content-type} and {@code user.sluice.sha256} on the file. */
    static final class XattrSink implements ConvertedObjectSink {
        @Override
        public void record(Path file, String contentType, byte[] sha256) throws IOException {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            view.write(CONTENT_TYPE_ATTRIBUTE, StandardCharsets.UTF_8.encode(contentType));
            view.write(SHA256_ATTRIBUTE, ByteBuffer.wrap(sha256));
        }

        /** What {@link #record} left on {@code file}, or null when it has no such attributes. */
        static @Nullable Recorded read(Path file) throws IOException {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            if (!view.list().contains(SHA256_ATTRIBUTE)) {
                return null;
            }
            return new Recorded(
                    StandardCharsets.UTF_8
                            .decode(readAttribute(view, CONTENT_TYPE_ATTRIBUTE))
                            .toString(),
                    readAttribute(view, SHA256_ATTRIBUTE).array());
        }

        private static ByteBuffer readAttribute(UserDefinedFileAttributeView view, String name) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(view.size(name));
            view.read(name, buffer);
            return buffer.flip();
        }
    }
}
