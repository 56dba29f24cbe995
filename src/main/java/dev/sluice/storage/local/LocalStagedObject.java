package dev.sluice.storage.local;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.StagedObject;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A complete staged file (exactly the content, synced when configured) in the staging folder, with its metadata.
 *
 * @param metadataOnFile whether the metadata is already in the file's extended attribute; when false, publishing
 *     writes it to the index first
 */
record LocalStagedObject(Path file, ObjectMetadata metadata, boolean metadataOnFile) implements StagedObject {

    @Override
    public long size() {
        return metadata.version().size();
    }

    @Override
    public String sha256() {
        return Objects.requireNonNull(metadata.sha256(), "computed while staging");
    }

    @Override
    public String contentType() {
        return metadata.contentType();
    }

    ObjectInfo infoAt(ObjectKey key, ObjectVersion published) {
        return ObjectMetadata.info(key, published, metadata.at(published));
    }
}
