/**
 * The local-disk backend, the default: a readable mirror of the keys under one root directory, each file holding
 * the object's exact content followed by a fixed-size metadata trailer. See docs/ARCHITECTURE.md for the layout.
 */
@NullMarked
package dev.sluice.storage.local;

import org.jspecify.annotations.NullMarked;
