/** Sluice: the application class. The features live in the sub-packages (see docs/ARCHITECTURE.md). */
@NullMarked
package dev.sluice;

import org.jspecify.annotations.NullMarked;
