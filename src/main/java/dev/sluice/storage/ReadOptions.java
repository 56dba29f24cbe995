package dev.sluice.storage;

/**
 * What the reader of an object can take, so that the store, which knows what it holds, chooses how to serve it
 * (from memory, as a file for {@code sendfile}, or as a stream of buffers).
 *
 * @param fileTransfer whether the caller can send an open file with zero-copy (plain HTTP on Reactor Netty, one
 *     range at most); the store may still choose to stream
 */
public record ReadOptions(boolean fileTransfer) {

    /** A reader that takes buffers only. */
    public static final ReadOptions STREAM = new ReadOptions(false);

    /** A reader that can also send a file region. */
    public static final ReadOptions FILE_TRANSFER_ALLOWED = new ReadOptions(true);
}
