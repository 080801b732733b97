package com.whatatalk.http;

import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.CassandraNodeSettings;
import java.nio.file.Path;
import java.util.Optional;

/** The local default run's own Cassandra node, when {@code whatatalk.cassandra.embedded} is on. */
final class EmbeddedCassandra {
  private EmbeddedCassandra() {}

  static Optional<CassandraNode> startIfConfigured(Config config) {
    Config c = config.getConfig("whatatalk.cassandra");
    if (!c.getBoolean("embedded")) {
      return Optional.empty();
    }
    String first = AppConfig.commaList(c.getString("contact-points")).get(0);
    int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
    CassandraNodeSettings settings =
        CassandraNodeSettings.persistent(Path.of(c.getString("embedded-directory")), port);
    return Optional.of(CassandraNode.start(settings));
  }
}
