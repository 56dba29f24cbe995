package dev.sluice.storage.s3;

import org.jspecify.annotations.Nullable;

/**
 * Which of S3's conditional write headers an S3 server honours, per request, as {@link ConditionalWriteProbe}
 * found at start-up: servers differ (Ceph RGW 16.2 honours them on PutObject only, and compares If-Match with the
 * unquoted ETag), and the publish path depends on it ({@link #publishNeedsLock()}).
 *
 * @param put PutObject
 * @param copy CopyObject (the publish of objects up to the copy threshold)
 * @param complete CompleteMultipartUpload (the publish of larger objects, by multipart copy)
 */
record ConditionalWrites(Conditions put, Conditions copy, Conditions complete) {

    /** What AWS S3 documents: both headers on every write, If-Match with the quoted ETag. */
    static final ConditionalWrites ALL = new ConditionalWrites(Conditions.ALL, Conditions.ALL, Conditions.ALL);

    /**
     * True when a publish cannot be made atomic by the copy's own headers, so that every publish and delete takes
     * the key's lock ({@link PublishLocks}) instead: when CopyObject or CompleteMultipartUpload ignores either
     * header. Every writer must then take it, also an unconditional one, which could otherwise land between a
     * conditional writer's check and its copy.
     */
    boolean publishNeedsLock() {
        return !copy.both() || !complete.both();
    }

    /** True when the lock itself can be made atomic: PutObject honours both headers. */
    boolean locksAreAtomic() {
        return put.both();
    }

    /** One line for the start-up log. */
    String describe() {
        return "PutObject " + put.describe() + ", CopyObject " + copy.describe() + ", CompleteMultipartUpload "
                + complete.describe();
    }

    /** How a server compares If-Match with an object's ETag. */
    enum IfMatch {
        /** With the quoted ETag, as HTTP and AWS do. */
        QUOTED,
        /** With the ETag without its quotes (Ceph RGW 16.2); the quoted form never matches. */
        UNQUOTED,
        /** Not at all: the header is ignored (or every form is refused). */
        IGNORED
    }

    /**
     * @param ifNoneMatch whether {@code If-None-Match: *} refuses a write to an existing key with 412
     * @param ifMatch how {@code If-Match} is compared
     */
    record Conditions(boolean ifNoneMatch, IfMatch ifMatch) {

        static final Conditions ALL = new Conditions(true, IfMatch.QUOTED);

        boolean both() {
            return ifNoneMatch && ifMatch != IfMatch.IGNORED;
        }

        /** The If-Match value for {@code eTag} (as S3 returns it, quoted) in the form this server compares. */
        @Nullable
        String ifMatch(@Nullable String eTag) {
            if (eTag == null) {
                return null;
            }
            return ifMatch == IfMatch.UNQUOTED ? unquoted(eTag) : quoted(eTag);
        }

        String describe() {
            return "If-None-Match " + (ifNoneMatch ? "honoured" : "ignored") + ", If-Match "
                    + switch (ifMatch) {
                        case QUOTED -> "honoured";
                        case UNQUOTED -> "honoured (unquoted ETag)";
                        case IGNORED -> "ignored";
                    };
        }
    }

    static String unquoted(String eTag) {
        return eTag.length() >= 2 && eTag.startsWith("\"") && eTag.endsWith("\"")
                ? eTag.substring(1, eTag.length() - 1)
                : eTag;
    }

    /** The ETag without quotes; null for none or an empty one. */
    static @Nullable String unquotedOrNull(@Nullable String eTag) {
        if (eTag == null) {
            return null;
        }
        String bare = unquoted(eTag);
        return bare.isEmpty() ? null : bare;
    }

    static String quoted(String eTag) {
        return "\"" + unquoted(eTag) + "\"";
    }
}
