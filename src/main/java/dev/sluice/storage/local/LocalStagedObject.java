package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.StagedObject;
import java.nio.file.Path;

/** A complete object file (content and trailer, synced when configured) in the root's temp folder. */
record LocalStagedObject(Path file, ObjectTrailer trailer) implements StagedObject {

    @Override
    public long size() {
        return trailer.size();
    }

    @Override
    public String sha256() {
        return java.util.HexFormat.of().formatHex(trailer.sha256());
    }

    @Override
    public String contentType() {
        return trailer.contentType();
    }

    ObjectInfo infoAt(ObjectKey key) {
        return trailer.toInfo(key);
    }
}
