package dev.sluice.storage.local;

import java.io.IOException;

/**
 * Named points between the durable steps of the trailer-format conversion. Production passes {@link #NONE}; tests
 * pass one that throws at the k-th point, which leaves the disk exactly as a kill at that moment would (the
 * conversion does no clean-up on the way out of an exception).
 */
@FunctionalInterface
interface ConversionCrashPoints {

    ConversionCrashPoints NONE = step -> {};

    /** Called right after {@code step} has been done. */
    void reached(String step) throws IOException;
}
