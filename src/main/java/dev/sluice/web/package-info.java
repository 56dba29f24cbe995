/**
 * Cross-cutting web concerns: RFC 9457 problem details for every error, whatever route raised it, the OpenAPI
 * document, keys taken from raw request paths, and the representation of an object every feature answers with.
 */
@NullMarked
package dev.sluice.web;

import org.jspecify.annotations.NullMarked;
