package dev.sluice.storage.local;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the {@linkplain TrailerFormatConversion trailer-format conversion} hands on what it recovered from an
 * object file's trailer, once the file has been truncated to its content: the metadata of the file's new version.
 *
 * <p>{@link #record} is called after the truncation is durable and before the file's journal entry is dropped, so a
 * crash between the two calls it again for the same file at the next start: it must be idempotent (recording the
 * same values twice leaves the same state as once) and durable when it returns. It is called on the start-up
 * thread, never on an event loop, and may block.
 */
interface ConvertedObjectSink {

    /**
     * Records {@code contentType} and {@code sha256} (32 bytes) as the metadata of {@code file} as it is now (its
     * bytes are exactly the content, its modification time the object's last-modified time).
     */
    void record(Path file, String contentType, byte[] sha256) throws IOException;
}
