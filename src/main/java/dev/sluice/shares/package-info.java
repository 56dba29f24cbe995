/**
 * Share links: records kept in the storage backend under {@code .sluice/shares/}, URLs signed with the server
 * secret, and the checks every use of a link passes ({@link dev.sluice.shares.ShareLinks}).
 */
@NullMarked
package dev.sluice.shares;

import org.jspecify.annotations.NullMarked;
