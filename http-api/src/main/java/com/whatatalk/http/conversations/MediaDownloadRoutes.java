package com.whatatalk.http.conversations;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.head;
import static org.apache.pekko.http.javadsl.server.Directives.onComplete;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.whatatalk.engine.media.MediaStore;
import com.whatatalk.engine.media.StoredMedia;
import com.whatatalk.engine.numbers.PhoneNumbers;
import com.whatatalk.http.ApiErrors;
import com.whatatalk.http.auth.Authentication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.ResponseEntity;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.ByteRange;
import org.apache.pekko.http.javadsl.model.headers.ContentDisposition;
import org.apache.pekko.http.javadsl.model.headers.ContentDispositionTypes;
import org.apache.pekko.http.javadsl.model.headers.Range;
import org.apache.pekko.http.javadsl.model.headers.RangeUnits;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * {@code GET} and {@code HEAD /api/media/{phoneNumberId}/{mediaId}}: a stored file by the Meta
 * media id the history keeps (inbound files once the fetcher has copied them, our uploads once
 * Meta named them), streamed from the media store chunk by chunk. Every signed-in user may read
 * the media of every configured number, as they see its conversations.
 *
 * <p>A customer's file must never run on our origin with the agent's cookie: only images, videos
 * and audio (not SVG) are {@code inline}, everything else is an {@code attachment}, and every file
 * goes with {@code nosniff} and a sandboxing CSP. A single byte range is answered 206 from only
 * the chunks that hold it, so players seek without reading the file from its start.
 */
public final class MediaDownloadRoutes {
  /** Meta media ids name one file for ever, so a browser may keep it; private: it is the agent's. */
  private static final Duration MAX_AGE = Duration.ofDays(1);

  private final Authentication authentication;
  private final PhoneNumbers numbers;
  private final MediaStore store;

  public MediaDownloadRoutes(Authentication authentication, PhoneNumbers numbers, MediaStore store) {
    this.authentication = authentication;
    this.numbers = numbers;
    this.store = store;
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            path(
                PathMatchers.segment("media").slash(PathMatchers.segment()).slash(PathMatchers.segment()),
                (pnid, mediaId) ->
                    concat(get(() -> file(pnid, mediaId)), head(() -> file(pnid, mediaId)))));
  }

  private Route file(String pnid, String mediaId) {
    return authentication.authenticated(
        user ->
            extractRequest(
                request -> {
                  if (numbers.find(pnid).isEmpty()) {
                    return complete(notFound("No business number " + pnid + " is configured"));
                  }
                  return onComplete(
                      store.findByMetaId(pnid, mediaId),
                      found -> {
                        if (found.isFailure()) {
                          return complete(ConversationJson.failure(found.failed().get()));
                        }
                        return complete(
                            found
                                .get()
                                .map(media -> respond(request, media))
                                .orElseGet(
                                    () ->
                                        notFound(
                                            "No stored file " + mediaId + " for number " + pnid
                                                + " (an inbound file is stored shortly after its message)")));
                      });
                }));
  }

  private HttpResponse respond(HttpRequest request, StoredMedia media) {
    ContentType type = contentType(media.contentType());
    long size = media.size();
    if (request.method().equals(HttpMethods.HEAD)) {
      // The renderer writes the Content-Length of the entity and drops its (empty) body.
      return fileResponse(StatusCodes.OK, media, type, size, Source.empty(), List.of());
    }
    Optional<ByteRange> range = singleRange(request);
    if (range.isEmpty()) {
      return fileResponse(StatusCodes.OK, media, type, size, store.readRange(media, 0, size), List.of());
    }
    long[] bounds = bounds(range.get(), size);
    if (bounds == null) {
      return ApiErrors.response(
              StatusCodes.RANGE_NOT_SATISFIABLE,
              "range_not_satisfiable",
              "The file has " + size + " bytes; the range asked starts past them")
          .addHeader(RawHeader.create("Content-Range", "bytes */" + size));
    }
    long from = bounds[0];
    long until = bounds[1];
    return fileResponse(
        StatusCodes.PARTIAL_CONTENT,
        media,
        type,
        until - from,
        store.readRange(media, from, until),
        List.of(RawHeader.create("Content-Range", "bytes " + from + "-" + (until - 1) + "/" + size)));
  }

  /** The file's headers and a body of known length, so the client sees {@code Content-Length}. */
  private static HttpResponse fileResponse(
      StatusCode status,
      StoredMedia media,
      ContentType type,
      long length,
      Source<ByteString, ?> bytes,
      List<HttpHeader> extra) {
    ResponseEntity entity =
        length == 0 ? HttpEntities.create(type, ByteString.emptyByteString()) : HttpEntities.create(type, length, bytes);
    return HttpResponse.create().withStatus(status).addHeaders(headers(media, type)).addHeaders(extra).withEntity(entity);
  }

  private static List<HttpHeader> headers(StoredMedia media, ContentType type) {
    String name = media.filename() != null ? media.filename() : media.metaMediaId();
    return List.of(
        ContentDisposition.create(
            inline(type) ? ContentDispositionTypes.INLINE : ContentDispositionTypes.ATTACHMENT,
            Map.of("filename", name)),
        RawHeader.create("X-Content-Type-Options", "nosniff"),
        // Opened as a page anyway (a browser ignoring attachment), it is its own origin and runs nothing.
        RawHeader.create("Content-Security-Policy", "sandbox"),
        RawHeader.create("Cache-Control", "private, max-age=" + MAX_AGE.toSeconds() + ", immutable"),
        RawHeader.create("Accept-Ranges", "bytes"));
  }

  /** Images, videos and audio show in the page; SVG and anything XML or HTML can carry script. */
  private static boolean inline(ContentType type) {
    String main = type.mediaType().mainType().toLowerCase(Locale.ROOT);
    String sub = type.mediaType().subType().toLowerCase(Locale.ROOT);
    return (main.equals("image") || main.equals("video") || main.equals("audio"))
        && !sub.contains("svg")
        && !sub.contains("xml")
        && !sub.contains("html");
  }

  /** The stored MIME type, or {@code application/octet-stream} when it does not parse. */
  private static ContentType contentType(String stored) {
    try {
      return ContentTypes.parse(stored);
    } catch (RuntimeException e) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  /**
   * The one byte range asked; empty (the whole file is sent, as RFC 9110 allows) without a valid
   * {@code Range}, for another unit, or for several ranges (no player asks for those).
   */
  private static Optional<ByteRange> singleRange(HttpRequest request) {
    return request
        .getHeader(Range.class)
        .filter(r -> r.rangeUnit().equals(RangeUnits.BYTES))
        .flatMap(
            r -> {
              List<ByteRange> ranges = new ArrayList<>();
              r.getRanges().forEach(ranges::add);
              return ranges.size() == 1 ? Optional.of(ranges.get(0)) : Optional.empty();
            });
  }

  /** {@code [from, until)} of the range within {@code size} bytes; null when unsatisfiable. */
  private static long[] bounds(ByteRange range, long size) {
    long from;
    long until;
    if (range.isSlice()) {
      from = range.getSliceFirst().getAsLong();
      until = Math.min(range.getSliceLast().getAsLong() + 1, size);
    } else if (range.isFromOffset()) {
      from = range.getOffset().getAsLong();
      until = size;
    } else {
      from = Math.max(0, size - range.getSuffixLength().getAsLong());
      until = size;
    }
    return from < until ? new long[] {from, until} : null;
  }

  private static HttpResponse notFound(String message) {
    // Not cached: the same URL answers once the file is stored.
    return ConversationJson.notFound(message).addHeader(RawHeader.create("Cache-Control", "no-store"));
  }
}
