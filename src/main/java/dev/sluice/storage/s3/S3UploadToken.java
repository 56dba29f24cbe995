package dev.sluice.storage.s3;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a resumable upload holds in the bucket, as the token its record saves beside the offset (one line per
 * field, so that it needs no JSON in the storage layer): the multipart upload, its parts so far (each exactly a
 * part size), and the tail (the bytes after the last full part, fewer than a part, kept as a small object until a
 * part is full, since S3 refuses parts under 5 MiB but the last). Once sealed, the completed object's version.
 *
 * @param uploadId the multipart upload's id; empty once sealed
 * @param tailKey the tail's name after the data key and a dot ({@code tail-<end offset>}), or null when there is none
 * @param parts the parts uploaded and saved, in order
 * @param sealed whether the content is now one object at the upload's data key
 * @param versionId that object's version in a versioned bucket, else null
 */
record S3UploadToken(
        String uploadId,
        @Nullable String tailKey,
        long tailSize,
        List<Part> parts,
        boolean sealed,
        @Nullable String versionId) {

    S3UploadToken {
        parts = List.copyOf(parts);
    }

    /** One uploaded part. */
    record Part(int number, String eTag, long size) {}

    static S3UploadToken started(String uploadId) {
        return new S3UploadToken(uploadId, null, 0, List.of(), false, null);
    }

    long partsSize() {
        return parts.stream().mapToLong(Part::size).sum();
    }

    S3UploadToken with(List<Part> newParts, @Nullable String newTailKey, long newTailSize) {
        return new S3UploadToken(uploadId, newTailKey, newTailSize, newParts, false, null);
    }

    S3UploadToken sealedAs(@Nullable String version) {
        return new S3UploadToken("", null, 0, List.of(), true, version);
    }

    String encode() {
        StringBuilder text = new StringBuilder();
        text.append("upload ").append(uploadId.isEmpty() ? "-" : uploadId).append('\n');
        text.append("tail ")
                .append(tailKey == null ? "-" : tailKey)
                .append(' ')
                .append(tailSize)
                .append('\n');
        text.append("sealed ")
                .append(sealed)
                .append(' ')
                .append(versionId == null ? "-" : versionId)
                .append('\n');
        for (Part part : parts) {
            text.append("part ")
                    .append(part.number())
                    .append(' ')
                    .append(part.eTag())
                    .append(' ')
                    .append(part.size())
                    .append('\n');
        }
        return text.toString();
    }

    static S3UploadToken decode(String token) {
        String uploadId = "";
        String tailKey = null;
        long tailSize = 0;
        boolean sealed = false;
        String versionId = null;
        List<Part> parts = new ArrayList<>();
        for (String line : token.split("\n")) {
            String[] fields = line.split(" ");
            switch (fields[0]) {
                case "upload" -> uploadId = "-".equals(fields[1]) ? "" : fields[1];
                case "tail" -> {
                    tailKey = "-".equals(fields[1]) ? null : fields[1];
                    tailSize = Long.parseLong(fields[2]);
                }
                case "sealed" -> {
                    sealed = Boolean.parseBoolean(fields[1]);
                    versionId = "-".equals(fields[2]) ? null : fields[2];
                }
                case "part" -> parts.add(new Part(Integer.parseInt(fields[1]), fields[2], Long.parseLong(fields[3])));
                default -> throw new IllegalArgumentException("not an S3 upload token: " + line);
            }
        }
        return new S3UploadToken(uploadId, tailKey, tailSize, parts, sealed, versionId);
    }
}
