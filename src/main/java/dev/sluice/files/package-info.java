/**
 * The v1 files API: raw uploads (through the upload policy of {@code dev.sluice.upload}), downloads with ranges and
 * conditions, deletes, listings and metadata.
 */
@NullMarked
package dev.sluice.files;

import org.jspecify.annotations.NullMarked;
