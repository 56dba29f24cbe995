/**
 * The S3 backend: objects in one bucket (under an optional key prefix), written through multipart uploads to a
 * staging key and published by a server-side copy, on the AWS SDK's non-blocking Netty client; where the server
 * ignores conditional copies, under a lock object per key ({@code PublishLocks}), as a start-up probe decides
 * ({@code ConditionalWriteProbe}). Its settings are {@code S3Properties}. See docs/ARCHITECTURE.md ("S3 backend") for
 * what it guarantees and what S3 cannot.
 */
@NullMarked
package dev.sluice.storage.s3;

import org.jspecify.annotations.NullMarked;
