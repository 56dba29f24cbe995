/**
 * A non-blocking, streaming ZIP writer over Reactor types, for downloading folders and selections as one archive.
 * It knows nothing about the store: an entry is a {@link dev.sluice.zip.ZipItem} (name, size, modification time,
 * CRC-32 when known) and a {@link dev.sluice.zip.ZipContent} that reads a byte range of it as
 * {@code Flux<DataBuffer>}.
 *
 * <h2>What is written</h2>
 * Entries are STORED (no compression), names are UTF-8 (general purpose bit 11), modification times are written as
 * MS-DOS time (in UTC, clamped to 1980..2107) and as the extended timestamp extra field 0x5455 (UTC seconds). ZIP64
 * (APPNOTE 6.3.x, sections 4.3.14-4.3.16 and 4.5.3) is used exactly where a field would overflow, as Apache Commons
 * Compress decides it in its {@code Zip64Mode.AsNeeded}: an entry of 0xFFFFFFFF bytes or more gets the ZIP64 extra
 * field in its local header (both sizes) and its central header (both sizes); an entry whose local header starts at
 * 0xFFFFFFFF or later gets the offset in its central ZIP64 extra field; only the fields that overflow are set to
 * 0xFFFFFFFF and carried in the extra field. When there are 0xFFFF entries or more, or the central directory starts
 * at or grows to 0xFFFFFFFF bytes, the ZIP64 end of central directory record and its locator precede the end record,
 * whose overflowing fields hold 0xFFFF / 0xFFFFFFFF.
 *
 * <h2>Two modes</h2>
 * <ul>
 *   <li>{@link dev.sluice.zip.ZipArchive}: every CRC-32 is known. No data descriptors, so the archive is a pure
 *   function of the entries: its exact {@link dev.sluice.zip.ZipArchive#size() size} and a strong
 *   {@link dev.sluice.zip.ZipArchive#etag() ETag} are known before the first byte, and any byte range is produced on
 *   its own from a layout (two {@code long}s per entry; headers and the central directory are encoded on demand),
 *   reading only the content ranges it covers.</li>
 *   <li>{@link dev.sluice.zip.ZipStream}: some CRC-32s are unknown. Those entries get a data descriptor (bit 3) after
 *   their content, with the CRC-32 computed as the bytes pass; the entries come as a {@code Flux}, so a listing is
 *   never held whole. The central directory is kept as it grows, compactly encoded (its own bytes, about
 *   {@code 55 + name length} per entry, in 64 KiB chunks). For a list of entries {@link
 *   dev.sluice.zip.ZipStream#size(java.util.List)} still gives the exact length (no record's length depends on a CRC
 *   value), but no range can be produced before the CRCs are.</li>
 * </ul>
 * In both modes the content passes through untouched (no copy), with backpressure: one source is subscribed at a
 * time and asked only for what the subscriber requests. A source that delivers a different number of bytes than its
 * entry's size, or (when a whole entry is read and its CRC-32 was promised) a different CRC-32, fails the stream with
 * a {@link dev.sluice.zip.ZipContentException}: the reader gets a truncated archive, never a corrupt one.
 *
 * <h2>Why hand-written</h2>
 * Apache Commons Compress's {@code ZipArchiveOutputStream} writes to a blocking {@code OutputStream} or
 * {@code SeekableByteChannel}: it would need a thread per download (or a pipe), it cannot produce an arbitrary byte
 * range of an archive, and on a non-seekable stream it refuses STORED entries whose size and CRC-32 are not given
 * before the entry (it uses data descriptors only for DEFLATED entries). {@code java.util.zip.ZipOutputStream} has the
 * same shape. The format needed here is small (five record types, two extra fields).
 */
@NullMarked
package dev.sluice.zip;

import org.jspecify.annotations.NullMarked;
