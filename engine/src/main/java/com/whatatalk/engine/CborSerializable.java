package com.whatatalk.engine;

/**
 * Marker for every message and event that crosses a node boundary or reaches the journal: bound
 * to Jackson CBOR in {@code reference.conf}. Java serialization is off.
 */
public interface CborSerializable {}
