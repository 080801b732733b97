package com.whatatalk.engine.outbound;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;

/** Time for the limiters and retries: a clock and non-blocking delays (tests control both). */
interface Delays {
  long nanoTime();

  CompletionStage<Void> after(Duration delay);

  /** The system clock and the actor system's scheduler. */
  static Delays of(ActorSystem<?> system) {
    return new Delays() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public CompletionStage<Void> after(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        system.scheduler().scheduleOnce(delay, () -> done.complete(null), system.executionContext());
        return done;
      }
    };
  }
}
