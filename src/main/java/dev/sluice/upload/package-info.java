/** Multipart intake: several files in one {@code multipart/form-data} POST, streamed part by part to storage. */
@NullMarked
package dev.sluice.upload;

import org.jspecify.annotations.NullMarked;
