package com.whatatalk.engine.media;

import java.time.Instant;

/**
 * A file in our media store, complete and readable from every node.
 *
 * @param mediaId our id (a UUID), stable for the file's life
 * @param contentType its MIME type
 * @param filename the file name, null when none was given
 * @param size its length in bytes
 * @param sha256 the SHA-256 of the stored bytes, lower-case hex
 * @param chunkSize the chunk length it was written with (the last chunk may be shorter)
 * @param chunkCount how many chunks hold it (0 for an empty file)
 * @param phoneNumberId the business number its Meta media id belongs to, null when none
 * @param metaMediaId Meta's media id (inbound media, or after an upload to Meta), null when none
 * @param createdAt when it was stored
 */
public record StoredMedia(
    String mediaId,
    String contentType,
    String filename,
    long size,
    String sha256,
    int chunkSize,
    int chunkCount,
    String phoneNumberId,
    String metaMediaId,
    Instant createdAt) {

  StoredMedia withMetaId(String phoneNumberId, String metaMediaId) {
    return new StoredMedia(
        mediaId, contentType, filename, size, sha256, chunkSize, chunkCount, phoneNumberId,
        metaMediaId, createdAt);
  }
}
