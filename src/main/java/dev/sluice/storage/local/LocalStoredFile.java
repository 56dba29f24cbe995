package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.StoredFile;
import java.io.IOException;
import java.nio.channels.FileChannel;

/** An object file opened for zero-copy: the trailer was read through this channel. */
record LocalStoredFile(ObjectInfo info, FileChannel channel) implements StoredFile {

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // opened for reading only: nothing to lose
        }
    }
}
