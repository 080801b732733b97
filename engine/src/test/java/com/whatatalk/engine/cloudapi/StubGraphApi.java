package com.whatatalk.engine.cloudapi;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;

/**
 * A stand-in for graph.facebook.com on a free loopback port: records every request (read in full)
 * and answers with whatever the test set. Not the simulator: just enough to see our bytes.
 */
final class StubGraphApi implements AutoCloseable {

  /** A request as it arrived. */
  record Recorded(
      String method,
      Uri uri,
      Optional<String> authorization,
      ContentType contentType,
      ByteString body) {
    String path() {
      return uri.path();
    }

    Optional<String> query(String name) {
      return uri.query().get(name);
    }

    String bodyText() {
      return body.utf8String();
    }
  }

  private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
  private final ServerBinding binding;
  private volatile Function<Recorded, CompletionStage<HttpResponse>> handler =
      r ->
          CompletableFuture.completedFuture(
              HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));

  private StubGraphApi(ActorSystem<?> system) throws Exception {
    Materializer materializer = Materializer.matFromSystem(system);
    Function<HttpRequest, CompletionStage<HttpResponse>> serve =
        request ->
            request
                .entity()
                .toStrict(5_000, materializer)
                .thenCompose(
                    strict -> {
                      Recorded recorded =
                          new Recorded(
                              request.method().value(),
                              request.getUri(),
                              request.getHeader("Authorization").map(HttpHeader::value),
                              strict.getContentType(),
                              strict.getData());
                      requests.add(recorded);
                      return handler.apply(recorded);
                    });
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(serve::apply)
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  static StubGraphApi start(ActorSystem<?> system) throws Exception {
    return new StubGraphApi(system);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  void respond(Function<Recorded, HttpResponse> response) {
    handler = r -> CompletableFuture.completedFuture(response.apply(r));
  }

  void respondAsync(Function<Recorded, CompletionStage<HttpResponse>> response) {
    handler = response;
  }

  /** The next recorded request; fails the test if none comes within 5 s. */
  Recorded take() throws InterruptedException {
    Recorded r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request reached the stub");
    }
    return r;
  }

  boolean noMoreRequests() {
    return requests.isEmpty();
  }

  void clear() {
    requests.clear();
  }

  static HttpResponse json(int status, String body) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
  }

  @Override
  public void close() throws Exception {
    binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
