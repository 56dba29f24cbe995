package dev.sluice.zipdownload;

import dev.sluice.storage.ObjectInfo;
import dev.sluice.storage.ObjectKey;
import dev.sluice.storage.StoredObject;
import dev.sluice.zip.ZipArchive;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.core.io.buffer.DataBuffer;
import reactor.core.publisher.Flux;

/**
 * A laid-out archive seen as an open object, so that {@code files.DownloadResponder} answers for it exactly as for a
 * stored file: {@code Content-Length}, the strong ETag, {@code Range} (one or several), {@code If-Range},
 * {@code If-None-Match}, {@code HEAD}. The ETag is the archive's fingerprint (names, sizes, times and CRC-32s of
 * every entry), so it changes whenever any byte of the archive would. {@code Last-Modified} is the moment the
 * archive was laid out: the newest entry's time would miss a deletion, so a date never validates an older archive
 * ({@code If-Range} with a date then sends the whole archive, as RFC 9110 allows), and the ETag does the work.
 */
final class ArchiveObject implements StoredObject {

    private final ZipArchive archive;
    private final ObjectInfo info;

    ArchiveObject(ZipArchive archive, String fileName) {
        this.archive = archive;
        this.info = new ObjectInfo(
                ObjectKey.of(fileName),
                archive.size(),
                "application/zip",
                null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                null,
                "zip-" + archive.etag());
    }

    @Override
    public ObjectInfo info() {
        return info;
    }

    @Override
    public Flux<DataBuffer> read(long offset, long length) {
        return archive.read(offset, length);
    }

    @Override
    public void close() {
        // nothing held: each content range opens and closes its file while it is read
    }
}
