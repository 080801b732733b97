package com.whatatalk.engine.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Positions, catch-up and resync decisions of a node's ring of recent frames. */
class LiveRingTest {
  private static LiveEvent event(String number, long seq) {
    return new LiveEvent("message.created", number, "1555000" + seq, seq, "{\"n\":" + seq + "}");
  }

  private static List<String> positions(Optional<List<LiveRing.Entry>> entries) {
    return entries.orElseThrow().stream().map(LiveRing.Entry::position).toList();
  }

  @Test
  void positionsCountFromOneUnderThisIncarnation() {
    LiveRing ring = new LiveRing("k1", 4);
    assertEquals("k1.0", ring.latestPosition());
    LiveRing.Entry first = ring.append(event("A", 1));
    assertEquals("k1.1", first.position());
    assertTrue(first.frame().contains("\"position\":\"k1.1\""));
    assertTrue(first.frame().endsWith("\"data\":{\"n\":1}}"));
    assertEquals("k1.1", ring.latestPosition());
  }

  @Test
  void aClientGetsWhatCameAfterItsPositionWhileTheRingStillHoldsIt() {
    LiveRing ring = new LiveRing("k1", 4);
    for (int i = 1; i <= 6; i++) {
      ring.append(event("A", i));
    }
    // holds 3..6
    assertEquals(List.of("k1.3", "k1.4", "k1.5", "k1.6"), positions(ring.after("k1.2")));
    assertEquals(List.of("k1.5", "k1.6"), positions(ring.after("k1.4")));
    assertEquals(List.of(), positions(ring.after("k1.6")), "up to date");
    assertTrue(ring.after("k1.1").isEmpty(), "event 2 is forgotten: resync");
  }

  @Test
  void anUnknownPositionIsAResync() {
    LiveRing ring = new LiveRing("k1", 4);
    ring.append(event("A", 1));
    assertTrue(ring.after("other.1").isEmpty(), "another node or an earlier start");
    assertTrue(ring.after("k1.2").isEmpty(), "ahead of this node");
    assertTrue(ring.after("k1.x").isEmpty());
    assertTrue(ring.after("k1").isEmpty());
    assertTrue(ring.after(".1").isEmpty());
    assertTrue(ring.after("").isEmpty());
    assertEquals(List.of("k1.1"), positions(ring.after("k1.0")), "from before the first event");
  }

  @Test
  void theFirstFramesAreReadyAndTheMissedEventsOfTheNumberOrAResync() {
    LiveRing ring = new LiveRing("k1", 8);
    ring.append(event("A", 1));
    ring.append(event("B", 2));
    ring.append(event("A", 3));
    assertEquals(
        List.of("{\"type\":\"ready\",\"position\":\"k1.3\"}"), LiveHub.firstFrames(ring, null, ""));
    List<String> all = LiveHub.firstFrames(ring, "k1.1", "");
    assertEquals(3, all.size());
    assertTrue(all.get(1).contains("\"position\":\"k1.2\""));
    assertTrue(all.get(2).contains("\"position\":\"k1.3\""));
    List<String> onlyA = LiveHub.firstFrames(ring, "k1.1", "A");
    assertEquals(2, onlyA.size());
    assertTrue(onlyA.get(1).contains("\"position\":\"k1.3\""));
    assertEquals(
        List.of("{\"type\":\"resync\",\"position\":\"k1.3\"}"),
        LiveHub.firstFrames(ring, "gone.5", ""));
  }

  @Test
  void aSlowSocketsBacklogIsReplacedByOneResync() {
    SocketBuffer buffer = new SocketBuffer(3);
    buffer.start(List.of("ready", "replayed"));
    assertTrue(buffer.offer("k.1", "f1"));
    assertTrue(buffer.offer("k.2", "f2"));
    assertTrue(buffer.offer("k.3", "f3"));
    assertEquals(5, buffer.size());
    assertEquals(false, buffer.offer("k.4", "f4"), "full: dropped");
    assertEquals(1, buffer.size(), "the whole backlog went, replay included");
    assertEquals("{\"type\":\"resync\",\"position\":\"k.4\"}", buffer.poll());
    assertTrue(buffer.offer("k.5", "f5"));
    assertEquals("f5", buffer.poll(), "newer events follow the resync");
    assertEquals(null, buffer.poll());
    assertEquals(1, buffer.resyncs());
  }
}
