package com.whatatalk.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Configuration of a test ActorSystem that journals into the real test Cassandra node, in its own
 * keyspace, as a single-node cluster on a free port.
 */
public final class CassandraTestConfig {
  private CassandraTestConfig() {}

  public static Config create(CassandraNode node, String keyspace) {
    // Tag queries start here, not in 2015: they would scan every hourly bucket since.
    String firstBucket =
        ZonedDateTime.now(ZoneOffset.UTC)
            .minusHours(1)
            .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm"));
    return ConfigFactory.parseString(
            """
            pekko.actor.provider = cluster
            pekko.remote.artery.canonical.hostname = "127.0.0.1"
            pekko.remote.artery.canonical.port = 0
            pekko.actor.serialize-messages = on
            pekko.coordinated-shutdown.exit-jvm = off
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.loglevel = WARNING
            pekko.persistence.journal.plugin = "pekko.persistence.cassandra.journal"
            pekko.persistence.snapshot-store.plugin = "pekko.persistence.cassandra.snapshot"
            pekko.persistence.cassandra {
              journal.keyspace = "%1$s"
              journal.keyspace-autocreate = on
              journal.tables-autocreate = on
              snapshot.keyspace = "%1$s"
              snapshot.keyspace-autocreate = on
              snapshot.tables-autocreate = on
              events-by-tag.first-time-bucket = "%2$s"
              events-by-tag.eventual-consistency-delay = 200ms
              events-by-tag.pubsub-notification = on
              query.refresh-interval = 200ms
            }
            pekko.projection.cassandra.offset-store.keyspace = "%1$s"
            datastax-java-driver {
              basic.contact-points = ["%3$s"]
              basic.load-balancing-policy.local-datacenter = "datacenter1"
              # Tests share two cores with their Cassandra node and with each other: a query (a DDL
              # above all) may wait longer than in production before it is a failure.
              basic.request.timeout = 30s
              advanced.connection.init-query-timeout = 30s
            }
            """
                .formatted(keyspace, firstBucket, node.contactPoint()))
        .withFallback(ConfigFactory.load());
  }
}
