package com.whatatalk.engine.media;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * WhataTalk's own copy of media files (Meta forgets inbound media after 7 days and uploads after
 * 30): written as a stream, read back as a stream, never held whole in memory, readable from every
 * node. Nothing blocks; failures fail the stage ({@link MediaIntegrityException} for a hash that
 * does not match, {@link MediaRejectedException} for a file over the size limit).
 */
public interface MediaStore {

  /**
   * Stores the bytes (running the source at once) and completes with the record once every byte is
   * durable. With a {@link MetaKey} the store is idempotent: when that Meta media id is already
   * stored, the existing record is returned and the new copy discarded.
   */
  CompletionStage<StoredMedia> store(NewMedia media, Source<ByteString, ?> bytes);

  /** The record by our id; empty when unknown or deleted. */
  CompletionStage<Optional<StoredMedia>> find(String mediaId);

  /** The record stored under a business number's Meta media id; empty when none. */
  CompletionStage<Optional<StoredMedia>> findByMetaId(String phoneNumberId, String metaMediaId);

  /** The record and its bytes (a stream to run once, read chunk by chunk); empty when unknown. */
  CompletionStage<Optional<MediaBytes>> read(String mediaId);

  /**
   * Bytes {@code from} (inclusive) to {@code until} (exclusive) of a stored file, reading only the
   * chunks that hold them (a player seeking into a video reads from there, not from byte 0).
   *
   * @throws IllegalArgumentException unless {@code 0 <= from <= until <= media.size()}
   */
  Source<ByteString, NotUsed> readRange(StoredMedia media, long from, long until);

  /**
   * Records the Meta media id a stored file got (after an upload to Meta), so that it is found by
   * {@link #findByMetaId}; completes with the updated record.
   */
  CompletionStage<StoredMedia> linkMetaId(String mediaId, String phoneNumberId, String metaMediaId);

  /** Deletes the file, its chunks and its Meta id link; unknown ids are already deleted. */
  CompletionStage<Done> delete(String mediaId);

  /** A business number's media id at Meta. */
  record MetaKey(String phoneNumberId, String metaMediaId) {
    public MetaKey {
      Objects.requireNonNull(phoneNumberId, "phoneNumberId");
      Objects.requireNonNull(metaMediaId, "metaMediaId");
    }
  }

  /**
   * What to store besides the bytes.
   *
   * @param contentType the MIME type (required)
   * @param filename nullable
   * @param expectedSha256 the digest the bytes must have, hex or base64 (Meta uses both); a
   *     mismatch fails the store with {@link MediaIntegrityException} and keeps nothing
   * @param metaKey the Meta media id the bytes came from, for idempotency and lookups
   * @param maxSize more bytes than this fail the store with {@link MediaRejectedException}; the
   *     store's own {@code crm.engine.media.max-size} applies too
   */
  record NewMedia(
      String contentType,
      String filename,
      Optional<String> expectedSha256,
      Optional<MetaKey> metaKey,
      long maxSize) {
    public NewMedia {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(expectedSha256, "expectedSha256");
      Objects.requireNonNull(metaKey, "metaKey");
    }

    /** A file of ours (an agent's upload): no expected hash, no Meta id yet. */
    public static NewMedia of(String contentType, String filename, long maxSize) {
      return new NewMedia(contentType, filename, Optional.empty(), Optional.empty(), maxSize);
    }
  }

  /** A stored file's record and its bytes; {@code bytes} can be run once. */
  record MediaBytes(StoredMedia media, Source<ByteString, NotUsed> bytes) {}
}
