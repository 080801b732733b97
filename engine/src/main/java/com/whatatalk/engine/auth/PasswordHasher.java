package com.whatatalk.engine.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Argon2id password hashes (password4j, pure Java), computed on a few dedicated threads with a
 * bounded queue: hashing is deliberately slow and memory-hard, so it never runs on an actor
 * dispatcher, and a flood of logins is refused ({@link AuthException.Kind#BUSY}) rather than
 * queued without bound. Hashes are PHC strings that carry their own parameters, so raising the
 * cost later still verifies old hashes and reports them as {@link Verification#needsRehash()}.
 */
public final class PasswordHasher implements AutoCloseable {
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;

  private final Argon2Function argon2;
  private final ThreadPoolExecutor executor;
  /** Compared against when the email is unknown, so that such a login costs the same time. */
  private final String dummyHash;

  /** Whether a password matched, and whether its hash should be replaced by a current one. */
  public record Verification(boolean matches, boolean needsRehash) {}

  public PasswordHasher(AuthSettings settings) {
    this.argon2 =
        Argon2Function.getInstance(
            settings.argon2MemoryKib(),
            settings.argon2Iterations(),
            settings.argon2Parallelism(),
            HASH_BYTES,
            Argon2.ID,
            Argon2Function.ARGON2_VERSION_13);
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            settings.hashingThreads(),
            settings.hashingThreads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.hashingQueue()),
            r -> {
              Thread t = new Thread(r, "whatatalk-password-hashing-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    this.executor.allowCoreThreadTimeOut(true);
    this.dummyHash = hashNow(Passwords.random(24));
  }

  public CompletionStage<String> hash(String password) {
    return submit(() -> hashNow(password));
  }

  public CompletionStage<Verification> verify(String password, String encodedHash) {
    return submit(() -> verifyNow(password, encodedHash));
  }

  /** Verifies against a throw-away hash (always false): an unknown email takes as long. */
  public CompletionStage<Verification> verifyDummy(String password) {
    return submit(
        () -> {
          verifyNow(password, dummyHash);
          return new Verification(false, false);
        });
  }

  String hashNow(String password) {
    return Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult();
  }

  Verification verifyNow(String password, String encodedHash) {
    Argon2Function stored;
    try {
      stored = Argon2Function.getInstanceFromHash(encodedHash);
    } catch (RuntimeException e) {
      return new Verification(false, false);
    }
    boolean matches = Password.check(password, encodedHash).with(stored);
    return new Verification(matches, matches && !stored.equals(argon2));
  }

  private <T> CompletionStage<T> submit(Supplier<T> work) {
    try {
      return CompletableFuture.supplyAsync(work, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new AuthException(AuthException.Kind.BUSY, "Too many logins at once; try again shortly"));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
