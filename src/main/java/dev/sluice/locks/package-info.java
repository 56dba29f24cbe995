/**
 * Write locks on resources (RFC 4918 class 2 locks, taken over WebDAV): kept in storage so that a lock taken through
 * one instance holds on every instance and survives a restart, and enforced on every protocol's writes through
 * {@link dev.sluice.locks.LockGuard}.
 */
@NullMarked
package dev.sluice.locks;

import org.jspecify.annotations.NullMarked;
