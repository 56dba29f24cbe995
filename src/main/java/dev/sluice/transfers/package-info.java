/**
 * Transfers in progress and done: the registry behind the {@code transfers} actuator endpoint, the
 * {@code sluice.upload.*}, {@code sluice.download.*} and {@code sluice.transfers.active} metrics, and the one log
 * line per upload.
 */
@NullMarked
package dev.sluice.transfers;

import org.jspecify.annotations.NullMarked;
