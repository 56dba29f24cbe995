/**
 * The storage interface: keys, object metadata and the reactive {@link dev.sluice.storage.ObjectStore} that every
 * backend implements. This package imports no backend; backends import it and translate their own errors into
 * the {@link dev.sluice.storage.StorageException} types at the boundary.
 */
@NullMarked
package dev.sluice.storage;

import org.jspecify.annotations.NullMarked;
