package com.whatatalk.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Arrays;
import java.util.List;

/**
 * Loads {@code application.conf} and derives the settings that HOCON cannot take from one
 * environment variable: the driver's contact-point list and the cluster's seed-node list.
 */
public final class AppConfig {
  private AppConfig() {}

  public static Config load() {
    return resolve(ConfigFactory.load());
  }

  /** {@code base} with the derived lists set; {@code base} must be resolved. */
  public static Config resolve(Config base) {
    Config derived =
        ConfigFactory.empty()
            .withValue(
                "datastax-java-driver.basic.contact-points",
                ConfigValueFactory.fromIterable(
                    commaList(base.getString("whatatalk.cassandra.contact-points"))))
            .withValue(
                "pekko.cluster.seed-nodes",
                ConfigValueFactory.fromIterable(
                    commaList(base.getString("whatatalk.cluster.seed-nodes"))));
    return derived.withFallback(base);
  }

  static List<String> commaList(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
