package dev.sluice.zipdownload;

import java.time.Instant;

/**
 * The answer of {@code POST /api/v1/zips}.
 *
 * @param href the signed URL of the selection's ZIP, relative ({@code /api/v1/zips/<token>}); GET it without headers
 * @param expiresAt when it stops working
 */
record ZipLink(String href, Instant expiresAt) {}
