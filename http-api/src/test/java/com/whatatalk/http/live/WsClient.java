package com.whatatalk.http.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test WebSocket client (java.net.http) keeping each text frame with its arrival time. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A frame and when it arrived ({@link System#nanoTime()}). */
  public record Frame(JsonNode json, long arrivedNanos) {
    public String type() {
      return json.path("type").asText();
    }
  }

  private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private WebSocket socket;

  private WsClient() {}

  /** Connects with {@code Authorization: Bearer <sessionId>} (null: none). */
  public static WsClient connect(HttpClient http, URI uri, String sessionId) {
    WsClient client = new WsClient();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (sessionId != null) {
      builder.header("Authorization", "Bearer " + sessionId);
    }
    client.socket = builder.buildAsync(uri, client).join();
    return client;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      long now = System.nanoTime();
      try {
        frames.add(new Frame(JSON.readTree(partial.toString()), now));
      } catch (IOException e) {
        closed.completeExceptionally(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** The next frame, waiting at most {@code timeout}. */
  public Frame next(Duration timeout) {
    try {
      Frame f = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (f == null) {
        throw new AssertionError("no frame within " + timeout);
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame matching {@code wanted} (others are skipped), within {@code timeout} overall. */
  public Frame next(Predicate<Frame> wanted, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching frame within " + timeout);
      }
      Frame f = next(Duration.ofNanos(left));
      if (wanted.test(f)) {
        return f;
      }
    }
  }

  /** The close code the server sent, waiting at most {@code timeout}. */
  public int awaitClose(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("not closed within " + timeout, e);
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }
}
