package com.whatatalk.deploy.cassandra.junit;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Cassandra node per test JVM, started on free ports the first time a test class asks
 * for it and stopped when the JVM's tests are done (pass or fail): JUnit closes what the root
 * store holds, and the node itself exits should this JVM die.
 *
 * <p>Use {@code @ExtendWith(CassandraExtension.class)} and take a {@link CassandraNode} parameter
 * (constructor, {@code @BeforeAll} or test method). Give each test class its own keyspace with
 * {@link #uniqueKeyspace(String)}.
 */
public final class CassandraExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CassandraExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CassandraNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return node(context);
  }

  /** The node of this test JVM, started on first use. */
  public static CassandraNode node(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestNode.class, k -> TestNode.start(), TestNode.class)
        .node();
  }

  /** A keyspace name no other test class or run uses: {@code prefix_<random>}. */
  public static String uniqueKeyspace(String prefix) {
    return (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
        .toLowerCase(Locale.ROOT);
  }

  /** Closed by JUnit at the end of the run; deletes the throw-away node directory. */
  private record TestNode(CassandraNode node, Path directory) implements AutoCloseable {
    static TestNode start() {
      Path dir =
          Path.of(System.getProperty("whatatalk.test.cassandra.dir", "target"))
              .resolve("cassandra-test-" + ProcessHandle.current().pid())
              .toAbsolutePath();
      CassandraNodeSettings settings =
          CassandraNodeSettings.ephemeral(dir)
              .withHeap(System.getProperty("whatatalk.test.cassandra.heap", "512m"));
      return new TestNode(CassandraNode.start(settings), dir);
    }

    @Override
    public void close() {
      node.close();
      CassandraNode.deleteDirectory(directory);
    }
  }
}
