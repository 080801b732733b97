package com.whatatalk.engine.live;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The frames waiting for one socket. The first frames (ready or resync, then the catch-up
 * replay) are taken as they come: the replay is bounded by the node's catch-up window. Live
 * frames are bounded by {@code capacity}: when a socket falls that far behind, everything
 * waiting is dropped and replaced by one resync frame (the client refetches), so a slow client
 * never holds more than {@code capacity} frames and never slows the node's other sockets. Not
 * thread-safe: owned by the socket's stream stage.
 */
final class SocketBuffer {
  static final String READY = "ready";
  static final String RESYNC = "resync";

  private final int capacity;
  private final ArrayDeque<String> head = new ArrayDeque<>();
  private final ArrayDeque<String> queue;
  private long resyncs;

  SocketBuffer(int capacity) {
    this.capacity = capacity;
    this.queue = new ArrayDeque<>(Math.min(capacity, 64));
  }

  void start(List<String> frames) {
    head.addAll(frames);
  }

  /**
   * Queues a live frame; on overflow drops everything waiting for a resync at {@code position}
   * (the newest event, which a refetch made after the resync reflects) and returns false.
   */
  boolean offer(String position, String frame) {
    if (queue.size() >= capacity) {
      head.clear();
      queue.clear();
      queue.add(LiveJson.control(RESYNC, position));
      resyncs++;
      return false;
    }
    queue.add(frame);
    return true;
  }

  /** The next frame to send, or null. */
  String poll() {
    String next = head.poll();
    return next != null ? next : queue.poll();
  }

  void clear() {
    head.clear();
    queue.clear();
  }

  int size() {
    return head.size() + queue.size();
  }

  long resyncs() {
    return resyncs;
  }
}
