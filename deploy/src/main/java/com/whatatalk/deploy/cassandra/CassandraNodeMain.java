package com.whatatalk.deploy.cassandra;

/**
 * The child JVM's main: watches the parent process, then hands over to Cassandra's daemon.
 *
 * <p>If the parent (the app, a test JVM, the launcher) dies without stopping the node, even by
 * SIGKILL, the node exits on its own: no stray Cassandra is ever left behind.
 */
public final class CassandraNodeMain {
  static final String PARENT_PID_PROPERTY = "whatatalk.parent.pid";

  private CassandraNodeMain() {}

  public static void main(String[] args) throws Exception {
    String parent = System.getProperty(PARENT_PID_PROPERTY);
    if (parent != null) {
      ProcessHandle.of(Long.parseLong(parent))
          .ifPresentOrElse(
              handle -> handle.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }
    Class.forName("org.apache.cassandra.service.CassandraDaemon")
        .getMethod("main", String[].class)
        .invoke(null, (Object) args);
  }
}
