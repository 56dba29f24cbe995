/**
 * The local-disk backend, the default: every object is a plain file at the path of its key whose bytes are exactly
 * the content, under a root that may be any existing folder of files; metadata is kept in each file's user extended
 * attribute (or an index in the state folder), tied to the file's version. See docs/ARCHITECTURE.md for the layout.
 */
@NullMarked
package dev.sluice.storage.local;

import org.jspecify.annotations.NullMarked;
