package com.whatatalk.simulator.customers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A simulated WhatsApp user: profile name, BSUID, per-number service windows (opened by their
 * inbound messages) and the last messages the CRM sent them.
 */
public final class Customer {
  private static final Map<String, String> COUNTRIES = Map.of(
      "1", "US", "55", "BR", "44", "GB", "49", "DE", "91", "IN", "52", "MX", "34", "ES",
      "33", "FR", "39", "IT", "54", "AR");

  private final String waId;
  private final String userId;
  private final int sentLogSize;
  private final Map<String, Instant> lastInbound = new ConcurrentHashMap<>();
  private final ArrayDeque<SentMessage> sent = new ArrayDeque<>();
  private volatile String name;
  private volatile Boolean readReceipts;
  private volatile Boolean omitWaId;

  Customer(String waId, String name, int sentLogSize) {
    this.waId = waId;
    this.name = name;
    this.sentLogSize = sentLogSize;
    this.userId = bsuid(waId);
  }

  public String waId() {
    return waId;
  }

  /** The business-scoped user id (§4.9): country code, '.', digits stable per wa_id. */
  public String userId() {
    return userId;
  }

  public String name() {
    return name;
  }

  public void name(String newName) {
    this.name = newName;
  }

  /** Per-customer read receipts; null follows the global switch. */
  public Boolean readReceipts() {
    return readReceipts;
  }

  public void readReceipts(Boolean on) {
    this.readReceipts = on;
  }

  /** Per-customer "username user": webhooks omit wa_id; null follows the global setting. */
  public Boolean omitWaId() {
    return omitWaId;
  }

  public void omitWaId(Boolean omit) {
    this.omitWaId = omit;
  }

  void inboundAt(String phoneNumberId, Instant at) {
    lastInbound.put(phoneNumberId, at);
  }

  public boolean windowOpen(String phoneNumberId, Instant now, Duration window) {
    Instant last = lastInbound.get(phoneNumberId);
    return last != null && now.isBefore(last.plus(window));
  }

  void expireWindow(String phoneNumberId) {
    lastInbound.remove(phoneNumberId);
  }

  synchronized void recordSent(SentMessage m) {
    sent.addLast(m);
    while (sent.size() > sentLogSize) {
      sent.removeFirst();
    }
  }

  /** The last {@code n} messages sent to this customer, oldest first. */
  public synchronized List<SentMessage> lastSent(int n) {
    List<SentMessage> all = new ArrayList<>(sent);
    return all.subList(Math.max(0, all.size() - n), all.size());
  }

  private static String bsuid(String waId) {
    String country = "US";
    for (int len = 1; len <= 3 && len < waId.length(); len++) {
      String c = COUNTRIES.get(waId.substring(0, len));
      if (c != null) {
        country = c;
        break;
      }
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest(waId.getBytes(StandardCharsets.US_ASCII));
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return country + "." + Long.toUnsignedString(v);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
