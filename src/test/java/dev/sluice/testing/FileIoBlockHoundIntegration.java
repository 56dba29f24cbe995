package dev.sluice.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Makes every blocking file call on an event-loop thread fail a test. BlockHound catches {@code Thread.sleep} and
 * socket waits out of the box, but not file I/O: these are the JDK 17 natives behind file reads, writes, syncs,
 * opens, stats, access checks, real-path and free-space queries, renames, directory creation and deletion, and
 * directory listing, and extended attributes ({@code javap -p -s} on
 * {@code sun.nio.ch.FileDispatcherImpl} and {@code sun.nio.fs.UnixNativeDispatcher}).
 */
public final class FileIoBlockHoundIntegration implements BlockHoundIntegration {

    private static final String FILE_DISPATCHER = "sun.nio.ch.FileDispatcherImpl";
    private static final String UNIX_DISPATCHER = "sun.nio.fs.UnixNativeDispatcher";

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.markAsBlocking(FILE_DISPATCHER, "read0", "(Ljava/io/FileDescriptor;JI)I");
        builder.markAsBlocking(FILE_DISPATCHER, "pread0", "(Ljava/io/FileDescriptor;JIJ)I");
        builder.markAsBlocking(FILE_DISPATCHER, "readv0", "(Ljava/io/FileDescriptor;JI)J");
        builder.markAsBlocking(FILE_DISPATCHER, "write0", "(Ljava/io/FileDescriptor;JI)I");
        builder.markAsBlocking(FILE_DISPATCHER, "pwrite0", "(Ljava/io/FileDescriptor;JIJ)I");
        builder.markAsBlocking(FILE_DISPATCHER, "writev0", "(Ljava/io/FileDescriptor;JI)J");
        builder.markAsBlocking(FILE_DISPATCHER, "force0", "(Ljava/io/FileDescriptor;Z)I");
        builder.markAsBlocking(UNIX_DISPATCHER, "open0", "(JII)I");
        builder.markAsBlocking(UNIX_DISPATCHER, "stat0", "(JLsun/nio/fs/UnixFileAttributes;)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "lstat0", "(JLsun/nio/fs/UnixFileAttributes;)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "rename0", "(JJ)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "mkdir0", "(JI)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "unlink0", "(J)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "rmdir0", "(J)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "opendir0", "(J)J");
        builder.markAsBlocking(UNIX_DISPATCHER, "readdir", "(J)[B");
        builder.markAsBlocking(UNIX_DISPATCHER, "access0", "(JI)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "stat1", "(J)I");
        builder.markAsBlocking(UNIX_DISPATCHER, "realpath0", "(J)[B");
        builder.markAsBlocking(UNIX_DISPATCHER, "statvfs0", "(JLsun/nio/fs/UnixFileStoreAttributes;)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "utimes0", "(JJJ)V");
        // The local store keeps its metadata in user extended attributes: reading and writing them is file I/O too.
        builder.markAsBlocking(UNIX_DISPATCHER, "openat0", "(IJII)I");
        builder.markAsBlocking(UNIX_DISPATCHER, "fgetxattr0", "(IJJI)I");
        builder.markAsBlocking(UNIX_DISPATCHER, "fsetxattr0", "(IJJI)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "fremovexattr0", "(IJ)V");
        builder.markAsBlocking(UNIX_DISPATCHER, "flistxattr", "(IJI)I");
        // Test clients that send multipart bodies get their boundary from Spring's SecureRandom, which reads
        // /dev/urandom on the client's event loop. The server never writes multipart through this method.
        builder.allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary");
    }
}
