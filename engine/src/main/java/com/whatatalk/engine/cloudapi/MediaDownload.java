package com.whatatalk.engine.cloudapi;

import java.util.OptionalLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * A media download in progress: the response headers have arrived, the bytes stream. The caller
 * must run {@code bytes} at once, or into {@code Sink.ignore()} to release the connection: Pekko
 * HTTP drops a response entity nobody subscribes to within {@code
 * pekko.http.host-connection-pool.response-entity-subscription-timeout} (1 s by default). The
 * stream fails past the configured {@code max-media-size}.
 *
 * @param contentType the response's MIME type
 * @param contentLength the announced length, when there is one
 */
public record MediaDownload(
    String contentType, OptionalLong contentLength, Source<ByteString, NotUsed> bytes) {}
