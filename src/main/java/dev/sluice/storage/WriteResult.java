package dev.sluice.storage;

/**
 * The outcome of publishing an object.
 *
 * @param info the object as now stored
 * @param created true when the key held no object before, false when an object was replaced
 */
public record WriteResult(ObjectInfo info, boolean created) {}
