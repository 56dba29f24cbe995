package dev.sluice.storage.local;

import dev.sluice.storage.local.ObjectTrailer.CorruptObjectException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Blocking helpers for object files; every caller runs them on a bounded-elastic thread. */
final class ObjectFiles {

    private ObjectFiles() {
    }

    /** Reads the trailer of the object file at {@code path}. */
    static ObjectTrailer readTrailer(Path path) throws IOException, CorruptObjectException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return readTrailer(channel);
        }
    }

    /** Reads the trailer through an open file channel, leaving its position alone. */
    static ObjectTrailer readTrailer(FileChannel channel) throws IOException, CorruptObjectException {
        long size = channel.size();
        if (size < ObjectTrailer.SIZE) {
            throw new CorruptObjectException("file shorter than a trailer");
        }
        ByteBuffer buffer = ByteBuffer.allocate(ObjectTrailer.SIZE);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, size - ObjectTrailer.SIZE + buffer.position()) < 0) {
                throw new CorruptObjectException("file shrank while reading");
            }
        }
        return ObjectTrailer.decode(buffer.flip(), size);
    }

    /** Reads the trailer through an open channel, waiting for the reads. */
    static ObjectTrailer readTrailer(AsynchronousFileChannel channel) throws IOException, CorruptObjectException {
        long size = channel.size();
        if (size < ObjectTrailer.SIZE) {
            throw new CorruptObjectException("file shorter than a trailer");
        }
        ByteBuffer buffer = ByteBuffer.allocate(ObjectTrailer.SIZE);
        while (buffer.hasRemaining()) {
            if (await(channel.read(buffer, size - ObjectTrailer.SIZE + buffer.position())) < 0) {
                throw new CorruptObjectException("file shrank while reading");
            }
        }
        return ObjectTrailer.decode(buffer.flip(), size);
    }

    /** Writes all of {@code buffer} at {@code position}, waiting for the writes. */
    static void writeFully(AsynchronousFileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += await(channel.write(buffer, at));
        }
    }

    /** Syncs a directory, so that a rename or create in it survives a crash. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static int await(Future<Integer> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
