/**
 * Who may do what: users, API tokens, the signed session cookie of the page, login throttling, and the one
 * authorization rule for keys and prefixes ({@link dev.sluice.security.KeyAccess}). See docs/SECURITY.md.
 */
@NullMarked
package dev.sluice.security;

import org.jspecify.annotations.NullMarked;
