package dev.sluice.storage.local;

import dev.sluice.storage.local.RecordingSinks.XattrSink;
import dev.sluice.storage.local.TrailerFormatConversion.Options;
import java.nio.file.Path;

/**
 * The conversion alone in a JVM of its own, for a test that kills it with SIGKILL: converts the store at
 * {@code args[0]} into extended attributes, logging progress every 50 files, and prints "conversion finished".
 */
public final class ConversionChild {

    private ConversionChild() {}

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        // No per-file fsync: a kill leaves the page cache intact, so syncing would only slow the kills down; the
        // journal and the markers are synced regardless.
        TrailerFormatConversion.convertIfNeeded(
                root, root.resolve(".sluice"), new XattrSink(), new Options(false, 64, 50, ConversionCrashPoints.NONE));
        System.out.println("conversion finished");
    }
}
