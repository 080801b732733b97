package com.whatatalk.http;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractMaterializer;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.util.ByteString;

/** Request bodies read whole, with a size limit that answers 413 reliably. */
public final class Bodies {
  /**
   * A declared body up to this many times the limit is read and thrown away before the 413: a
   * server that answers while the client is still uploading closes a connection with unread bytes,
   * the peer's TCP stack resets it, and the client may never see the answer. Larger ones are refused
   * at once (the connection then closes; only abusive senders get there).
   */
  private static final long DRAIN_FACTOR = 4;

  private Bodies() {}

  /** The whole body as bytes, or 413 {@code payload_too_large} if it is longer than {@code max}. */
  public static Route bytes(long max, Function<ByteString, Route> inner) {
    return extractRequestEntity(
        declared -> {
          long length = declared.getContentLengthOption().orElse(-1L);
          if (length > max && length <= max * DRAIN_FACTOR) {
            return drainThenRefuse(declared, max);
          }
          return withSizeLimit(max, () -> entity(Unmarshaller.entityToByteString(), inner::apply));
        });
  }

  private static Route drainThenRefuse(RequestEntity declared, long max) {
    return extractMaterializer(
        materializer ->
            onComplete(
                declared.withoutSizeLimit().discardBytes(materializer).completionStage(),
                drained -> complete(tooLarge(max))));
  }

  static org.apache.pekko.http.javadsl.model.HttpResponse tooLarge(long max) {
    return ApiErrors.response(
        StatusCodes.PAYLOAD_TOO_LARGE, "payload_too_large", "The request body is larger than " + max + " bytes");
  }
}
