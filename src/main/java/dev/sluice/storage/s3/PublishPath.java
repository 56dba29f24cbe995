package dev.sluice.storage.s3;

/** How a publish is made atomic across instances on this server. */
public enum PublishPath {
    /** The copy carries If-None-Match or If-Match, which the server honours (AWS S3). */
    CONDITIONAL_COPY,
    /**
     * The copy ignores them, PutObject honours them: each publish and delete holds the key's lock object,
     * taken with a conditional PutObject ({@link PublishLocks}), while it checks the key and copies (s3proxy 4.1.0;
     * Ceph RGW 16.2, with the locks in an unversioned bucket).
     */
    LOCK_OBJECT,
    /** PutObject does not honour both either: atomic only among this process's writers (its KeyQueue). */
    WITHIN_PROCESS_ONLY
}
