package com.whatatalk.http.bench;

/** What every benchmark's {@code main} does around its run. */
final class Bench {
  private Bench() {}

  /** A benchmark's body; it may throw anything, which fails the run. */
  @FunctionalInterface
  interface Run {
    void run() throws Exception;
  }

  /**
   * Runs {@code body}, prints what it threw, and exits the JVM with 0 on success and 1 otherwise:
   * the simulator's shared ActorSystem (TestApp) has non-daemon threads that would keep it alive.
   */
  static void runAndExit(Run body) {
    int code = 1;
    try {
      body.run();
      code = 0;
    } catch (Throwable t) {
      t.printStackTrace();
    } finally {
      System.out.flush();
      System.exit(code);
    }
  }
}
