package dev.sluice.storage;

import java.nio.channels.FileChannel;

/**
 * An object opened as a local file for a zero-copy transfer. Its content is bytes {@code 0} to
 * {@code info().size()} of {@link #channel()}. Whoever takes the channel (a file region handed to the network)
 * closes it; otherwise the caller must {@link #close()} it.
 */
public interface StoredFile extends AutoCloseable {

    /** The metadata of the version that was opened, read through the same channel. */
    ObjectInfo info();

    /** The open file. */
    FileChannel channel();

    /** Closes the channel. Never throws; idempotent. */
    @Override
    void close();
}
