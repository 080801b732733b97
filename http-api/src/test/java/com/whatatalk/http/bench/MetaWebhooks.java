package com.whatatalk.http.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Meta-shaped {@code messages} webhooks for the ingest benchmark: inbound text messages spread
 * round-robin over {@code customers} customers of one business number, and a share of status
 * webhooks (sent, delivered, read of one outbound wamid, in that order of generation). Counts, per
 * customer, the inbound messages posted and the ones acknowledged with 200, to check afterwards
 * that every acknowledged message is in its conversation.
 *
 * <p>The statuses name wamids the engine never sent, so each is kept by its conversation as a
 * pending status ({@code PendingStatusRecorded}, one journal write, like a status for a known
 * message) and the state keeps at most {@code pending-statuses} of them.
 */
final class MetaWebhooks {
  static final String WABA_ID = "102290129340398";
  static final String DISPLAY_NUMBER = "15550783881";
  private static final long FIRST_CUSTOMER = 19_990_000_000L;

  /** One POST: its body and the customers of the inbound messages it carries. */
  record Post(byte[] body, int[] inboundCustomers, int items) {}

  private final String phoneNumberId;
  private final int customers;
  private final int statusPerMille;
  private final int itemsPerPost;
  private final String run;
  private final AtomicLong items = new AtomicLong();
  private final AtomicLong inbound = new AtomicLong();
  private final AtomicLong statuses = new AtomicLong();
  private final AtomicIntegerArray posted;
  private final AtomicIntegerArray acked;

  MetaWebhooks(String phoneNumberId, int customers, double statusShare, int itemsPerPost) {
    this.phoneNumberId = phoneNumberId;
    this.customers = customers;
    this.statusPerMille = (int) Math.round(statusShare * 1000);
    this.itemsPerPost = itemsPerPost;
    this.run = Long.toString(System.currentTimeMillis(), 36);
    this.posted = new AtomicIntegerArray(customers);
    this.acked = new AtomicIntegerArray(customers);
  }

  static String customer(int index) {
    return Long.toString(FIRST_CUSTOMER + index);
  }

  int customers() {
    return customers;
  }

  Post next() {
    long ts = System.currentTimeMillis() / 1000;
    StringBuilder contacts = new StringBuilder();
    StringBuilder messages = new StringBuilder();
    StringBuilder statusItems = new StringBuilder();
    int[] inboundCustomers = new int[itemsPerPost];
    int inboundCount = 0;
    for (int i = 0; i < itemsPerPost; i++) {
      long k = items.getAndIncrement();
      // A fixed pseudo-random interleaving of statuses among the inbound messages.
      boolean status = Math.floorMod(k * 7919L, 1000L) < statusPerMille;
      if (status) {
        long j = statuses.getAndIncrement();
        long outbound = j / 3;
        String wa = customer((int) (outbound % customers));
        String state = switch ((int) (j % 3)) {
          case 0 -> "sent";
          case 1 -> "delivered";
          default -> "read";
        };
        if (statusItems.length() > 0) {
          statusItems.append(',');
        }
        statusItems.append("{\"id\":\"wamid.bench.").append(run).append(".out.").append(outbound)
            .append("\",\"status\":\"").append(state).append("\",\"timestamp\":\"").append(ts)
            .append("\",\"recipient_id\":\"").append(wa)
            .append("\",\"conversation\":{\"id\":\"c").append(outbound)
            .append("\",\"origin\":{\"type\":\"marketing\"}},\"pricing\":{\"billable\":true,")
            .append("\"pricing_model\":\"PMP\",\"category\":\"marketing\"}}");
      } else {
        long n = inbound.getAndIncrement();
        int c = (int) (n % customers);
        String wa = customer(c);
        posted.incrementAndGet(c);
        inboundCustomers[inboundCount++] = c;
        if (messages.length() > 0) {
          messages.append(',');
          contacts.append(',');
        }
        contacts.append("{\"profile\":{\"name\":\"Customer ").append(c).append("\"},\"wa_id\":\"")
            .append(wa).append("\"}");
        messages.append("{\"from\":\"").append(wa).append("\",\"id\":\"wamid.bench.").append(run)
            .append(".in.").append(n).append("\",\"timestamp\":\"").append(ts)
            .append("\",\"text\":{\"body\":\"Hello, I have a question about my order ").append(n)
            .append("\"},\"type\":\"text\"}");
      }
    }
    StringBuilder b = new StringBuilder(512 * itemsPerPost);
    b.append("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"").append(WABA_ID)
        .append("\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":")
        .append("{\"display_phone_number\":\"").append(DISPLAY_NUMBER)
        .append("\",\"phone_number_id\":\"").append(phoneNumberId).append("\"}");
    if (messages.length() > 0) {
      b.append(",\"contacts\":[").append(contacts).append("],\"messages\":[").append(messages).append(']');
    }
    if (statusItems.length() > 0) {
      b.append(",\"statuses\":[").append(statusItems).append(']');
    }
    b.append("},\"field\":\"messages\"}]}]}");
    return new Post(b.toString().getBytes(StandardCharsets.UTF_8),
        java.util.Arrays.copyOf(inboundCustomers, inboundCount), itemsPerPost);
  }

  void acknowledged(Post post) {
    for (int c : post.inboundCustomers()) {
      acked.incrementAndGet(c);
    }
  }

  int posted(int customer) {
    return posted.get(customer);
  }

  int acked(int customer) {
    return acked.get(customer);
  }

  long inboundGenerated() {
    return inbound.get();
  }

  long statusesGenerated() {
    return statuses.get();
  }
}
