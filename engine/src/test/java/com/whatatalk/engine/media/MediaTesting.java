package com.whatatalk.engine.media;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.engine.CassandraTestConfig;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Shared test plumbing: configuration, bounded awaits, generated files. */
final class MediaTesting {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private MediaTesting() {}

  /** The Cassandra test configuration in its own keyspace, with {@code extra} on top. */
  static Config config(CassandraNode node, String keyspace, String extra) {
    return ConfigFactory.parseString(extra).withFallback(CassandraTestConfig.create(node, keyspace));
  }

  static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = MediaFetch.unwrap(e);
      throw cause instanceof RuntimeException r ? r : new RuntimeException(cause);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT, e);
    }
  }

  /** The failure of a stage that must fail, unwrapped. */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return MediaFetch.unwrap(e);
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT, e);
    }
    throw new AssertionError("expected a failure");
  }

  /**
   * {@code size} pseudo-random bytes from {@code seed}, generated lazily in pieces of {@code
   * piece} bytes: the file never exists in memory as a whole.
   */
  static Source<ByteString, NotUsed> generated(long size, int piece, long seed) {
    return Source.unfold(
        new long[] {0},
        state -> {
          // One Random per piece keeps it deterministic whatever the pull pattern.
          long offset = state[0];
          if (offset >= size) {
            return java.util.Optional.empty();
          }
          int n = (int) Math.min(piece, size - offset);
          byte[] bytes = new byte[n];
          new Random(seed * 31 + offset).nextBytes(bytes);
          return java.util.Optional.of(
              org.apache.pekko.japi.Pair.create(new long[] {offset + n}, ByteString.fromArray(bytes)));
        });
  }

  /** The bytes in pieces of {@code piece} bytes. */
  static Source<ByteString, NotUsed> fromArray(byte[] bytes, int piece) {
    java.util.List<ByteString> pieces = new java.util.ArrayList<>();
    for (int i = 0; i < bytes.length; i += piece) {
      pieces.add(ByteString.fromArray(bytes, i, Math.min(piece, bytes.length - i)));
    }
    return Source.from(pieces);
  }

  /** The hex SHA-256 of a stream, computed as it flows. */
  static CompletionStage<String> sha256(Source<ByteString, ?> bytes, ActorSystem<?> system) {
    MessageDigest digest = Sha256.newDigest();
    return bytes
        .runWith(Sink.foreach(b -> digest.update(b.asByteBuffer())), system)
        .thenApply(done -> Sha256.hex(digest.digest()));
  }

  static ByteString collect(Source<ByteString, ?> bytes, ActorSystem<?> system) {
    return await(bytes.runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system));
  }

  /** Polls until the condition holds (bounded), for effects of the projection. */
  static <T> T eventually(Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " within " + TIMEOUT + "; last seen: " + last);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = probe.get();
    }
    return last;
  }
}
