/** Cross-cutting web concerns: RFC 9457 problem details for every error, whatever route raised it. */
@NullMarked
package dev.sluice.web;

import org.jspecify.annotations.NullMarked;
