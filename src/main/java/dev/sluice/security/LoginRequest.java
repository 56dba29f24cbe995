package dev.sluice.security;

import org.jspecify.annotations.Nullable;

/** The body of {@code POST /login}, as JSON or as a form with the same field names. */
record LoginRequest(@Nullable String name, @Nullable String password) {}
