package dev.sluice.zip;

/**
 * A source delivered other bytes than its entry promised (a different length, or a different CRC-32 than the one
 * given up front): the file changed while it was archived. The archive fails here rather than carry a corrupt entry;
 * the bytes already sent cannot be taken back, so a reader sees a truncated archive, never a wrong one.
 */
public final class ZipContentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String entryName;

    ZipContentException(String entryName, String message) {
        super("ZIP entry '" + entryName + "': " + message);
        this.entryName = entryName;
    }

    /** The name of the entry whose content did not match. */
    public String entryName() {
        return entryName;
    }
}
