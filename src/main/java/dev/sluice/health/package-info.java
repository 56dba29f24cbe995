/** Health of the storage backend for the readiness probe, and the free-space gauge. */
@NullMarked
package dev.sluice.health;

import org.jspecify.annotations.NullMarked;
