package dev.sluice.shares;

import java.util.List;

/** The answer of {@code GET /api/v1/shares}. */
public record ShareItems(List<ShareView> items) {}
