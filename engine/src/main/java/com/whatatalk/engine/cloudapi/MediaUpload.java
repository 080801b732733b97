package com.whatatalk.engine.cloudapi;

import java.util.Objects;
import java.util.OptionalLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A file to upload to {@code POST /{version}/{phone-number-id}/media}. The bytes are streamed, so a
 * 100 MB document never sits in memory; pass the size when known (a fixed-length part instead of an
 * open-ended one).
 *
 * @param mimeType the file's MIME type, sent both as the file part's type and as the {@code type}
 *     field (whatsapp-cloud-api.md §3.1)
 * @param filename the file name shown to Meta
 */
public record MediaUpload(
    String mimeType, String filename, OptionalLong size, Source<ByteString, NotUsed> bytes) {

  public MediaUpload {
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(bytes, "bytes");
  }

  /** A file already in memory. */
  public static MediaUpload of(String mimeType, String filename, ByteString data) {
    return new MediaUpload(mimeType, filename, OptionalLong.of(data.size()), Source.single(data));
  }
}
