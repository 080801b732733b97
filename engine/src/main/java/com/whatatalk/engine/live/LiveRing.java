package com.whatatalk.engine.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The last {@code capacity} frames a node delivered, for sockets that reconnect with {@code
 * since=<position>}. A position is {@code <incarnation>.<counter>}: the counter numbers the
 * frames this node delivered, the incarnation is random per start, so a position from another
 * node or from before a restart is recognised as unknown (and answered with a resync). Not
 * thread-safe: owned by the {@link LiveHub} actor.
 */
final class LiveRing {
  /** A delivered frame; {@code phoneNumberId} for sockets that filter by number. */
  record Entry(String position, String phoneNumberId, String frame) {}

  private final String incarnation;
  private final Entry[] slots;
  private long last; // counter of the newest entry; 0 before any

  LiveRing(String incarnation, int capacity) {
    if (incarnation.contains(".")) {
      throw new IllegalArgumentException("incarnation must not contain '.'");
    }
    this.incarnation = incarnation;
    this.slots = new Entry[capacity];
  }

  /** Gives the event the next position and keeps its frame (forgetting the oldest when full). */
  Entry append(LiveEvent event) {
    long counter = last + 1;
    String position = position(counter);
    Entry entry = new Entry(position, event.phoneNumberId(), LiveJson.frame(position, event));
    slots[slot(counter)] = entry;
    last = counter;
    return entry;
  }

  /** The newest position, also before any event ({@code <incarnation>.0}). */
  String latestPosition() {
    return position(last);
  }

  /**
   * The entries after {@code since}, oldest first; empty when it cannot be served: malformed,
   * another incarnation (another node, or before a restart), ahead of this node, or older than
   * the oldest entry kept.
   */
  Optional<List<Entry>> after(String since) {
    int dot = since == null ? -1 : since.lastIndexOf('.');
    if (dot <= 0 || !since.substring(0, dot).equals(incarnation)) {
      return Optional.empty();
    }
    long counter;
    try {
      counter = Long.parseLong(since.substring(dot + 1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    long oldest = Math.max(1, last - slots.length + 1);
    if (counter < oldest - 1 || counter > last) {
      return Optional.empty();
    }
    List<Entry> missed = new ArrayList<>((int) (last - counter));
    for (long c = counter + 1; c <= last; c++) {
      missed.add(slots[slot(c)]);
    }
    return Optional.of(missed);
  }

  private String position(long counter) {
    return incarnation + "." + counter;
  }

  private int slot(long counter) {
    return (int) (counter % slots.length);
  }
}
