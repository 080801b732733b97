package com.whatatalk.engine.auth;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.engine.CassandraTestConfig;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** Test systems on the real Cassandra node, with cheap Argon2 parameters and the auth tables. */
public final class AuthTesting {
  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private AuthTesting() {}

  public static Config config(CassandraNode cassandra, String keyspace) {
    return ConfigFactory.parseString(
            """
            crm.engine.auth.argon2.memory = 1 MiB
            crm.engine.auth.argon2.iterations = 1
            crm.engine.auth.phone-numbers.refresh-interval = 1 hour
            """)
        .withFallback(CassandraTestConfig.create(cassandra, keyspace));
  }

  /**
   * A system whose auth tables exist; joins {@code seed}'s cluster (hence one system name for
   * all), or forms its own.
   */
  public static ActorTestKit start(Config config, ActorSystem<?> seed) {
    ActorTestKit kit = ActorTestKit.create("auth", config);
    Cluster cluster = Cluster.get(kit.system());
    cluster
        .manager()
        .tell(
            Join.create(
                seed == null ? cluster.selfMember().address() : Cluster.get(seed).selfMember().address()));
    await(AuthSchema.create(kit.system()));
    return kit;
  }

  public static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The failure of a stage that must fail, unwrapped. */
  public static Throwable failure(CompletionStage<?> stage) {
    try {
      await(stage);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
