/**
 * WebDAV (RFC 4918, classes 1 and 2) under {@code /dav/}: the same store, limits and streaming as the v1 API, for
 * file managers and mount clients, with real locks ({@code dev.sluice.locks}).
 */
@NullMarked
package dev.sluice.dav;

import org.jspecify.annotations.NullMarked;
