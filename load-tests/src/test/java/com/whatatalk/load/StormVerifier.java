package com.whatatalk.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Compares what the storm had acknowledged with what the read model holds, through the API: every
 * acknowledged inbound wamid is in its conversation's history exactly once, nothing of this run is
 * there that was not posted, and every outbound message whose status triple was posted shows
 * {@code read}. The read model is fed asynchronously, so it retries until {@code timeout} before
 * reporting the differences.
 */
public final class StormVerifier {
  /** What was found; {@link #ok()} when nothing was lost, doubled or left below read. */
  public record Result(int conversations, int acknowledged, int found, List<String> lost, List<String> doubled,
      List<String> unexpected, Map<String, String> ticksBelowRead, int outbound) {
    public boolean ok() {
      return lost.isEmpty() && doubled.isEmpty() && unexpected.isEmpty() && ticksBelowRead.isEmpty();
    }

    public String print() {
      return ("verifier: %s - %d conversations read, %d inbound messages acknowledged, %d found; lost %d %s, "
          + "doubled %d %s, unexpected %d %s; outbound messages with a status triple %d, not at read %d %s")
          .formatted(ok() ? "OK" : "FAILED", conversations, acknowledged, found, lost.size(), sample(lost),
              doubled.size(), sample(doubled), unexpected.size(), sample(unexpected), outbound,
              ticksBelowRead.size(), sample(new ArrayList<>(ticksBelowRead.entrySet())));
    }

    private static String sample(List<?> items) {
      return items.isEmpty() ? "" : items.subList(0, Math.min(5, items.size())).toString();
    }
  }

  /** An outbound message the storm posted statuses for: where it is and its wamid. */
  public record Outbound(String phoneNumberId, String customer, String messageId, String wamid) {}

  private StormVerifier() {}

  public static Result verify(ApiClient api, StormTraffic traffic, List<Outbound> outbound, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Result r = once(api, traffic, outbound);
      if (r.ok() || System.nanoTime() > deadline) {
        return r;
      }
      System.out.println("verifier: not yet consistent, again in 3 s: " + r.print());
      Thread.sleep(3000); // polling an eventually consistent read model, bounded by the deadline
    }
  }

  private static Result once(ApiClient api, StormTraffic traffic, List<Outbound> outbound) throws Exception {
    Map<List<String>, List<StormTraffic.Inbound>> byConversation = traffic.inbound().values().stream()
        .collect(Collectors.groupingBy(m -> List.of(m.phoneNumberId(), m.customer())));
    Map<List<String>, List<Outbound>> outboundByConversation = outbound.stream()
        .collect(Collectors.groupingBy(o -> List.of(o.phoneNumberId(), o.customer())));
    Set<List<String>> conversations = new HashSet<>(byConversation.keySet());
    conversations.addAll(outboundByConversation.keySet());
    Set<String> acked = traffic.acknowledged();
    List<String> lost = new ArrayList<>();
    List<String> doubled = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    Map<String, String> belowRead = new HashMap<>();
    int found = 0;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Map<List<String>, Future<List<JsonNode>>> histories = new HashMap<>();
      for (List<String> c : conversations) {
        histories.put(c, pool.submit(() -> api.history(c.get(0), c.get(1))));
      }
      for (List<String> c : conversations) {
        List<JsonNode> history = histories.get(c).get();
        Map<String, Integer> inboundIds = new HashMap<>();
        Map<String, JsonNode> outboundById = new HashMap<>();
        for (JsonNode m : history) {
          if ("inbound".equals(m.path("kind").asText())) {
            inboundIds.merge(m.path("id").asText(), 1, Integer::sum);
          } else if ("outbound".equals(m.path("kind").asText())) {
            outboundById.put(m.path("id").asText(), m);
          }
        }
        Set<String> posted = new HashSet<>();
        for (StormTraffic.Inbound m : byConversation.getOrDefault(c, List.of())) {
          posted.add(m.wamid());
          int n = inboundIds.getOrDefault(m.wamid(), 0);
          if (n > 1) {
            doubled.add(m.wamid() + " x" + n);
          }
          if (acked.contains(m.wamid())) {
            if (n == 0) {
              lost.add(m.wamid());
            } else {
              found++;
            }
          }
        }
        inboundIds.keySet().stream().filter(id -> !posted.contains(id)).forEach(unexpected::add);
        for (Outbound o : outboundByConversation.getOrDefault(c, List.of())) {
          JsonNode m = outboundById.get(o.messageId());
          String status = m == null ? "missing" : m.path("status").asText();
          if (!"read".equals(status)) {
            belowRead.put(o.wamid(), status);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Result(conversations.size(), acked.size(), found, lost, doubled, unexpected, belowRead, outbound.size());
  }
}
