package com.whatatalk.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The webhook storm's traffic: Meta-shaped {@code messages} webhooks signed with the app secret,
 * inbound messages of several types from many customers of several business numbers, status
 * triples (sent, delivered, read) of known outbound wamids (sent through the first number, so their
 * statuses come in its webhooks; their share of items there is {@code statusShare} times the number
 * of numbers, about {@code statusShare} overall), about {@code duplicateShare} of the
 * POSTs sent twice, about {@code lateShare} held back and sent a few POSTs later (out of order),
 * and about {@code batchShare} carrying several messages. Thread-safe ({@link #next} is
 * synchronized: Gatling's feeders are called from several threads).
 *
 * <p>Keeps the ledger the verifier needs: every inbound wamid by conversation, and which of them
 * were acknowledged (a 2xx for any POST that carried it).
 */
public final class StormTraffic {
  /** One POST: its body, its signature header, and the inbound wamids it carries. */
  public record Post(long id, String body, String signature, List<String> inboundWamids) {}

  /** One inbound message, for the ledger. */
  public record Inbound(String phoneNumberId, String customer, String wamid) {}

  private static final String[] TYPES = {
    "text", "text", "text", "text", "text", "text", "image", "location", "reaction", "button",
    "interactive", "contacts"
  };

  private final List<String> phoneNumbers;
  private final String wabaId;
  private final int customers;
  private final double duplicateShare;
  private final double lateShare;
  private final double batchShare;
  private final double statusShare;
  private final Mac mac;
  private final Random random = new Random(42);
  private final String run;
  private final long customerBase;
  private final ArrayDeque<Post> late = new ArrayDeque<>();
  private final List<Post> recent = new ArrayList<>();
  private volatile List<String> outboundWamids = List.of();
  private final Map<String, Inbound> inbound = new ConcurrentHashMap<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private long posts;
  private long messages;
  private long statuses;
  private long duplicates;
  private long reordered;

  public StormTraffic(List<String> phoneNumbers, String wabaId, int customers, String appSecret,
      double duplicateShare, double lateShare, double batchShare, double statusShare) {
    this.phoneNumbers = List.copyOf(phoneNumbers);
    this.wabaId = wabaId;
    this.customers = customers;
    this.duplicateShare = duplicateShare;
    this.lateShare = lateShare;
    this.batchShare = batchShare;
    this.statusShare = statusShare;
    this.run = Long.toString(System.currentTimeMillis(), 36);
    // wa_ids unique to this run: 19 + six digits of the clock + a five-digit customer index.
    this.customerBase = 1_900_000_000_000L + (System.currentTimeMillis() / 1000 % 1_000_000) * 100_000L;
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public String customer(int index) {
    return Long.toString(customerBase + index);
  }

  /** The next POST to send (a new one, a held-back one, or a duplicate of a recent one). */
  public synchronized Post next() {
    double r = random.nextDouble();
    if (r < duplicateShare && !recent.isEmpty()) {
      duplicates++;
      return recent.get(random.nextInt(recent.size()));
    }
    if (!late.isEmpty() && (late.size() > 8 || random.nextDouble() < 0.3)) {
      return late.poll();
    }
    Post post = fresh();
    if (random.nextDouble() < lateShare) {
      // Held back: the next POSTs overtake it (a status read before its delivered, a later message first).
      reordered++;
      late.add(post);
      post = fresh();
    }
    recent.add(post);
    if (recent.size() > 200) {
      recent.remove(0);
    }
    return post;
  }

  /** One text from a given customer to a given number (opens the window before an outbound send). */
  public synchronized Post opening(String phoneNumberId, int customer) {
    return build(phoneNumberId, 1, customer);
  }

  private Post fresh() {
    String phoneNumberId = phoneNumbers.get(random.nextInt(phoneNumbers.size()));
    int items = random.nextDouble() < batchShare ? 2 + random.nextInt(4) : 1;
    return build(phoneNumberId, items, -1);
  }

  private Post build(String phoneNumberId, int items, int fixedCustomer) {
    long id = posts++;
    StringBuilder contacts = new StringBuilder();
    StringBuilder msgs = new StringBuilder();
    StringBuilder stats = new StringBuilder();
    List<String> wamids = new ArrayList<>();
    long ts = System.currentTimeMillis() / 1000;
    for (int i = 0; i < items; i++) {
      // Statuses come with the number that sent the message (the first one), as from Meta.
      boolean statusHere = fixedCustomer < 0 && !outboundWamids.isEmpty() && phoneNumberId.equals(phoneNumbers.get(0));
      if (statusHere && random.nextDouble() < statusShare * phoneNumbers.size()) {
        statusTriple(stats, ts);
      } else {
        String wa = customer(fixedCustomer >= 0 ? fixedCustomer : random.nextInt(customers));
        long n = messages++;
        String wamid = "wamid.storm." + run + "." + n;
        inbound.put(wamid, new Inbound(phoneNumberId, wa, wamid));
        wamids.add(wamid);
        comma(contacts).append("{\"profile\":{\"name\":\"Storm customer ").append(wa).append("\"},\"wa_id\":\"")
            .append(wa).append("\"}");
        comma(msgs).append("{\"from\":\"").append(wa).append("\",\"id\":\"").append(wamid)
            .append("\",\"timestamp\":\"").append(ts).append("\",").append(content(n)).append('}');
      }
    }
    StringBuilder b = new StringBuilder(600 * items);
    b.append("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"").append(wabaId)
        .append("\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":")
        .append("{\"display_phone_number\":\"1555").append(phoneNumberId, phoneNumberId.length() - 7, phoneNumberId.length())
        .append("\",\"phone_number_id\":\"").append(phoneNumberId).append("\"}");
    if (msgs.length() > 0) {
      b.append(",\"contacts\":[").append(contacts).append("],\"messages\":[").append(msgs).append(']');
    }
    if (stats.length() > 0) {
      b.append(",\"statuses\":[").append(stats).append(']');
    }
    b.append("},\"field\":\"messages\"}]}]}");
    String body = b.toString();
    return new Post(id, body, sign(body), List.copyOf(wamids));
  }

  /** One of sent, delivered, read of the next outbound wamid, in turn (so each wamid gets its triple). */
  private void statusTriple(StringBuilder stats, long ts) {
    long j = statuses++;
    String wamid = outboundWamids.get((int) ((j / 3) % outboundWamids.size()));
    String status = switch ((int) (j % 3)) {
      case 0 -> "sent";
      case 1 -> "delivered";
      default -> "read";
    };
    comma(stats).append("{\"id\":\"").append(wamid).append("\",\"status\":\"").append(status)
        .append("\",\"timestamp\":\"").append(ts).append("\",\"recipient_id\":\"").append(recipient(wamid))
        .append("\",\"conversation\":{\"id\":\"storm").append(j / 3)
        .append("\",\"origin\":{\"type\":\"service\"}},\"pricing\":{\"billable\":true,")
        .append("\"pricing_model\":\"PMP\",\"category\":\"service\"}}");
  }

  private final Map<String, String> recipients = new ConcurrentHashMap<>();

  /** The outbound messages to post status triples for: wamid to the customer it went to. */
  public void outbound(Map<String, String> wamidToCustomer) {
    recipients.putAll(wamidToCustomer);
    outboundWamids = List.copyOf(wamidToCustomer.keySet());
  }

  private String recipient(String wamid) {
    return recipients.getOrDefault(wamid, "0");
  }

  private String content(long n) {
    String type = TYPES[(int) (n % TYPES.length)];
    return switch (type) {
      case "image" -> "\"type\":\"image\",\"image\":{\"caption\":\"Photo " + n
          + "\",\"mime_type\":\"image/jpeg\",\"sha256\":\"SfInY0gGKTsJlUWbwxC1k+FAD0FZHvzwfpvO0zX0GUI=\",\"id\":\"storm"
          + n + "\"}";
      case "location" -> "\"type\":\"location\",\"location\":{\"latitude\":28.6139,\"longitude\":77.209,"
          + "\"name\":\"Store " + n + "\",\"address\":\"1 Main St\"}";
      case "reaction" -> "\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.storm." + run + "."
          + Math.max(0, n - 1) + "\",\"emoji\":\"\\uD83D\\uDC4D\"}";
      case "button" -> "\"type\":\"button\",\"button\":{\"payload\":\"STOP\",\"text\":\"Stop promotions\"}";
      case "interactive" -> "\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\","
          + "\"button_reply\":{\"id\":\"yes\",\"title\":\"Yes\"}}";
      case "contacts" -> "\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Jane Roe\","
          + "\"first_name\":\"Jane\"},\"phones\":[{\"phone\":\"+1 650 555 0100\",\"type\":\"CELL\",\"wa_id\":\"16505550100\"}]}]";
      default -> "\"type\":\"text\",\"text\":{\"body\":\"Hello, question number " + n + " about my order\"}";
    };
  }

  private synchronized String sign(String body) {
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** The X-Hub-Signature-256 value of a body. */
  public static String signature(String appSecret, String body) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(m.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static StringBuilder comma(StringBuilder b) {
    return b.length() > 0 ? b.append(',') : b;
  }

  /** Records that a POST was answered 2xx: everything it carried must now be stored. */
  public void acknowledged(List<String> wamids) {
    acknowledged.addAll(wamids);
  }

  public Map<String, Inbound> inbound() {
    return Collections.unmodifiableMap(inbound);
  }

  public Set<String> acknowledged() {
    return Collections.unmodifiableSet(acknowledged);
  }

  /** Any POSTs still held back, so that the run ends with all of them sent. */
  public synchronized List<Post> drainLate() {
    List<Post> rest = new ArrayList<>(late);
    late.clear();
    return rest;
  }

  public synchronized String stats() {
    return "posts %d, inbound messages %d, statuses %d, duplicate POSTs %d, held back %d"
        .formatted(posts, messages, statuses, duplicates, reordered);
  }
}
