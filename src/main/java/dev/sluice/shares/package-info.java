/**
 * Share links: records kept in the storage backend under {@code .sluice/shares/}, URLs signed with the server
 * secret, the checks every use of a link passes ({@link dev.sluice.shares.ShareLinks}), and the routes a link is used
 * through: its download, its folder's listing and share view, and its uploads.
 */
@NullMarked
package dev.sluice.shares;

import org.jspecify.annotations.NullMarked;
