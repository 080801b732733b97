package com.whatatalk.simulator.media;

import java.time.Instant;

/** Bytes the simulator holds for an uploaded or customer-sent media id. */
public record StoredMedia(
    String id, String phoneNumberId, String mimeType, byte[] bytes, String sha256Hex,
    String filename, Instant createdAt) {}
