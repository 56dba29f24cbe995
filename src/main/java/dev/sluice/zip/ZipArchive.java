package dev.sluice.zip;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * An archive of entries whose sizes and CRC-32s are all known before the first byte: a pure function of its entries,
 * so its {@link #size()} and {@link #etag()} are known up front and any byte range can be produced on its own
 * ({@link #read(long, long)}), which is what {@code Content-Length}, {@code Range} and {@code If-Range} need.
 *
 * <p>Memory: the entries list (held by reference) plus two {@code long}s per entry for the layout; the local and
 * central headers are encoded again from the entries when a range covers them. Thread-safe: an instance may serve
 * any number of reads at once.
 */
public final class ZipArchive {

    /** Changes whenever the bytes written for the same entries change, so that old ETags stop matching. */
    private static final String FORMAT = "sluice-zip-1";

    private final ArchiveLayout layout;
    private final DataBufferFactory bufferFactory;
    private volatile @Nullable String etag;

    private ZipArchive(ArchiveLayout layout, DataBufferFactory bufferFactory) {
        this.layout = layout;
        this.bufferFactory = bufferFactory;
    }

    /**
     * Lays out an archive of {@code items}, in that order.
     *
     * @param bufferFactory makes the buffers of headers and the central directory (contents come from the sources)
     * @throws IllegalArgumentException when an item's CRC-32 is unknown ({@link ZipStream} writes those)
     */
    public static ZipArchive of(List<ZipItem> items, DataBufferFactory bufferFactory) {
        Objects.requireNonNull(bufferFactory, "bufferFactory");
        return new ZipArchive(ArchiveLayout.of(List.copyOf(items)), bufferFactory);
    }

    /** Whether every item's CRC-32 is known, so that {@link #of} accepts them. */
    public static boolean canLayOut(List<ZipItem> items) {
        return items.stream().allMatch(item -> item.knownCrc32() != null);
    }

    /** The archive's exact length in bytes. */
    public long size() {
        return layout.size();
    }

    /** How many entries the archive holds. */
    public int entryCount() {
        return layout.items().size();
    }

    /**
     * An opaque strong entity tag (unquoted, URL-safe): a SHA-256 of the format version and of every entry's name,
     * size, modification second and CRC-32, which together determine every byte of the archive. Computed once.
     */
    public String etag() {
        String tag = etag;
        if (tag == null) {
            tag = fingerprint();
            etag = tag;
        }
        return tag;
    }

    /** The whole archive; see {@link #read(long, long)}. */
    public Flux<DataBuffer> read() {
        return read(0, size());
    }

    /**
     * Bytes {@code offset} to {@code offset + length - 1} of the archive. Lazy until subscribed; may be subscribed
     * many times. Only the content ranges that the range covers are read, one source at a time, each asked only for
     * what the subscriber requests. The subscriber owns the emitted buffers and must release them; buffers not yet
     * handed over when the subscription is cancelled or fails are released here, and the source being read is
     * cancelled. Fails with {@link ZipContentException} when a source delivers a different number of bytes than
     * asked, or, when all of an entry is read, bytes whose CRC-32 differs from the promised one.
     *
     * @throws IllegalArgumentException when the range is not within {@code [0, size())}
     */
    public Flux<DataBuffer> read(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size() - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside the archive of " + size());
        }
        return Flux.<RangeCursor.Piece, RangeCursor>generate(
                        () -> new RangeCursor(layout, offset, length), (cursor, sink) -> {
                            RangeCursor.Piece piece = cursor.next();
                            if (piece == null) {
                                sink.complete();
                            } else {
                                sink.next(piece);
                            }
                            return cursor;
                        })
                .concatMap(this::publish, 1)
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    private Flux<DataBuffer> publish(RangeCursor.Piece piece) {
        if (piece instanceof RangeCursor.Bytes bytes) {
            return Mono.fromSupplier(() -> bufferFactory.wrap(bytes.bytes())).flux();
        }
        RangeCursor.Content content = (RangeCursor.Content) piece;
        return CheckedContent.read(
                content.entry(),
                content.offset(),
                content.length(),
                content.whole() ? content.entry().item().knownCrc32() : null,
                null);
    }

    private String fingerprint() {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        sha256.update(FORMAT.getBytes(StandardCharsets.US_ASCII));
        ByteBuffer fixed = EntryRecords.buffer(28);
        for (ZipItem item : layout.items()) {
            byte[] name = item.name().getBytes(StandardCharsets.UTF_8);
            Long crc = item.knownCrc32();
            fixed.clear();
            fixed.putInt(name.length)
                    .putLong(item.size())
                    .putLong(item.lastModified().getEpochSecond())
                    .putLong(crc == null ? -1 : crc);
            sha256.update(fixed.array());
            sha256.update(name);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest());
    }
}
