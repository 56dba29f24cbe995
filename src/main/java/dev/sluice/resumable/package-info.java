/**
 * Resumable uploads by the tus 1.0.0 protocol ({@code /api/v1/uploads}): the protocol's HTTP rules, the upload
 * records kept in the storage backend (so that any instance continues an upload), the digests carried across
 * chunks, and the sweep of expired uploads. The bytes move through the store's {@code ResumableData}.
 */
@NullMarked
package dev.sluice.resumable;

import org.jspecify.annotations.NullMarked;
