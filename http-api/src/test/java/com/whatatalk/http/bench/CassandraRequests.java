package com.whatatalk.http.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many reads, writes and scans each table served, from Cassandra 5's virtual tables
 * ({@code system_views.local_*_latency}): taken before and after a window, the difference per
 * acknowledged event says where Cassandra's share of an event's cost goes.
 */
final class CassandraRequests implements AutoCloseable {
  private static final String[] KINDS = {"write", "read", "scan"};

  private final CqlSession session;

  CassandraRequests(String host, int port) {
    this.session = CqlSession.builder().addContactPoint(new InetSocketAddress(host, port))
        .withLocalDatacenter("datacenter1").build();
  }

  /** Requests served so far, by "kind keyspace.table". */
  Map<String, Long> counts() {
    Map<String, Long> counts = new HashMap<>();
    for (String kind : KINDS) {
      for (Row row : session.execute("SELECT keyspace_name, table_name, count FROM system_views.local_" + kind + "_latency")) {
        if (!row.getString(0).startsWith("system") || row.getString(1).equals("batches")) {
          counts.put(kind + " " + row.getString(0) + "." + row.getString(1), row.getLong(2));
        }
      }
    }
    return counts;
  }

  /** "writes per event: 1.00 journal.messages, ...", largest first, for what happened since {@code before}. */
  static String perEvent(Map<String, Long> before, Map<String, Long> after, long events) {
    Map<String, Double> per = new TreeMap<>();
    double total = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
      if (n > 0) {
        per.put(e.getKey(), (double) n / Math.max(1, events));
        total += (double) n / Math.max(1, events);
      }
    }
    StringBuilder s = new StringBuilder("Cassandra requests per acknowledged event: %.2f in all".formatted(total));
    per.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> s.append("\n     %5.2f  %s".formatted(e.getValue(), e.getKey())));
    return s.toString();
  }

  @Override
  public void close() {
    session.close();
  }
}
