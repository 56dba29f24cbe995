package dev.sluice.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/** Allowances for the AWS SDK's Netty HTTP client used by the S3 backend, each narrowed to one method. */
public final class S3ClientBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Closing the SDK client closes its channel pool, which waits for the pool's own event loop to run the
        // close task (shared/TOOLING.md). It happens once, at shutdown, never on a request path.
        builder.allowBlockingCallsInside("io.netty.channel.pool.SimpleChannelPool", "close");
        // The SDK's signer pools MessageDigests in a LinkedBlockingDeque: taking one and giving it back hold that
        // deque's lock for a few instructions, and park only when another signer holds it at that instant (seen
        // with many concurrent uploads). No I/O and no wait on anything but that lock.
        builder.allowBlockingCallsInside("software.amazon.awssdk.checksums.internal.DigestAlgorithm", "getDigest");
        builder.allowBlockingCallsInside(
                "software.amazon.awssdk.checksums.internal.DigestAlgorithm$CloseableMessageDigest", "close");
    }
}
