package com.whatatalk.simulator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.simulator.customers.Switches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the simulator reads from the {@code simulator { ... }} config section, read once.
 * Tests start from {@link #defaults()} and change what they need with the {@code with...} methods
 * or with a config string ({@link #fromConfig(Config)} on {@code ConfigFactory.parseString}).
 */
public record SimulatorSettings(
    String host,
    int port,
    String accessToken,
    String appSecret,
    long randomSeed,
    List<PhoneNumber> phoneNumbers,
    int pairCapacity,
    Duration pairRefillPeriod,
    Duration serviceWindow,
    int sentLogSize,
    Switches switches,
    boolean includeBsuid,
    boolean omitWaId,
    Duration mediaUrlTtl,
    Duration mediaTtl,
    long mediaMaxStoreBytes,
    int templatesPageSize,
    Webhooks webhooks,
    Scripted scripted) {

  /** A business phone number the simulator serves. */
  public record PhoneNumber(
      String id, String displayPhoneNumber, String wabaId, String countryCode, int mps) {}

  /** Webhook sender: target, batching, bounded queue and retry timeline. */
  public record Webhooks(
      String callbackUrl,
      String verifyToken,
      int maxBatch,
      Duration linger,
      int queueSize,
      int parallelism,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxAttempts,
      Duration requestTimeout) {

    public boolean enabled() {
      return !callbackUrl.isBlank();
    }
  }

  /** Scripted customers of the default local run. */
  public record Scripted(
      boolean enabled,
      String phoneNumberId,
      Duration interval,
      double replyProbability,
      Duration replyDelay,
      List<ScriptedCustomer> customers) {}

  public record ScriptedCustomer(String waId, String name) {}

  /** The reference defaults (reference.conf), without environment overrides. */
  public static SimulatorSettings defaults() {
    return fromConfig(ConfigFactory.defaultReference());
  }

  /** Reads the {@code simulator} section of a full config (falls back to reference.conf). */
  public static SimulatorSettings fromConfig(Config root) {
    Config c = root.withFallback(ConfigFactory.defaultReference()).resolve().getConfig("simulator");
    Config wh = c.getConfig("webhooks");
    Config sc = c.getConfig("scripted");
    List<ScriptedCustomer> scriptedCustomers = new ArrayList<>();
    for (Config cc : sc.getConfigList("customers")) {
      scriptedCustomers.add(new ScriptedCustomer(cc.getString("wa-id"), cc.getString("name")));
    }
    return new SimulatorSettings(
        c.getString("host"),
        c.getInt("port"),
        c.getString("access-token"),
        c.getString("app-secret"),
        c.getLong("random-seed"),
        phoneNumbers(c),
        c.getInt("pair-limit.capacity"),
        c.getDuration("pair-limit.refill-period"),
        c.getDuration("service-window"),
        c.getInt("sent-log-size"),
        Switches.fromConfig(c.getConfig("statuses")),
        c.getBoolean("bsuid.enabled"),
        c.getBoolean("bsuid.omit-wa-id"),
        c.getDuration("media.url-ttl"),
        c.getDuration("media.media-ttl"),
        c.getLong("media.max-store-bytes"),
        c.getInt("templates.default-page-size"),
        new Webhooks(
            wh.getString("callback-url"),
            wh.getString("verify-token"),
            wh.getInt("max-batch"),
            wh.getDuration("linger"),
            wh.getInt("queue-size"),
            wh.getInt("parallelism"),
            wh.getDuration("retry.initial-backoff"),
            wh.getDuration("retry.max-backoff"),
            wh.getInt("retry.max-attempts"),
            wh.getDuration("request-timeout")),
        new Scripted(
            sc.getBoolean("enabled"),
            sc.getString("phone-number-id"),
            sc.getDuration("interval"),
            sc.getDouble("reply-probability"),
            sc.getDuration("reply-delay"),
            List.copyOf(scriptedCustomers)));
  }

  private static List<PhoneNumber> phoneNumbers(Config c) {
    List<PhoneNumber> numbers = new ArrayList<>(configuredNumbers(c));
    // simulator.conf maps SIMULATOR_EXTRA_PHONE_NUMBERS here: "id:display:mps,..." in the first
    // number's WABA, so a standalone simulator can serve a campaign over several numbers.
    String extra = c.hasPath("extra-phone-numbers") ? c.getString("extra-phone-numbers").strip() : "";
    for (String spec : extra.isEmpty() ? new String[0] : extra.split(",")) {
      String[] f = spec.strip().split(":");
      if (f.length != 3 || !f[0].matches("\\d+") || !f[1].matches("\\d+") || !f[2].matches("\\d+")) {
        throw new IllegalArgumentException(
            "simulator.extra-phone-numbers: expected id:display-number:mps, got '" + spec + "'");
      }
      PhoneNumber first = numbers.get(0);
      numbers.add(new PhoneNumber(f[0], f[1], first.wabaId(), first.countryCode(), Integer.parseInt(f[2])));
    }
    if (numbers.stream().map(PhoneNumber::id).distinct().count() != numbers.size()) {
      throw new IllegalArgumentException("simulator phone number ids must be distinct: " + numbers);
    }
    return List.copyOf(numbers);
  }

  private static List<PhoneNumber> configuredNumbers(Config c) {
    // simulator.conf maps SIMULATOR_PHONE_NUMBER_ID & co. here; when set it replaces the list.
    if (c.hasPath("env-phone-number.id")) {
      Config e = c.getConfig("env-phone-number");
      PhoneNumber first = configuredNumbers(c.withoutPath("env-phone-number")).get(0);
      return List.of(new PhoneNumber(
          e.getString("id"),
          e.hasPath("display-phone-number") ? e.getString("display-phone-number")
              : first.displayPhoneNumber(),
          e.hasPath("waba-id") ? e.getString("waba-id") : first.wabaId(),
          first.countryCode(),
          e.hasPath("mps") ? e.getInt("mps") : first.mps()));
    }
    List<PhoneNumber> numbers = new ArrayList<>();
    for (Config n : c.getConfigList("phone-numbers")) {
      numbers.add(new PhoneNumber(
          n.getString("id"),
          n.getString("display-phone-number"),
          n.getString("waba-id"),
          n.hasPath("country-code") ? n.getString("country-code") : "1",
          n.hasPath("mps") ? n.getInt("mps") : 80));
    }
    if (numbers.isEmpty()) {
      throw new IllegalArgumentException("simulator.phone-numbers must not be empty");
    }
    return List.copyOf(numbers);
  }

  public Optional<PhoneNumber> phoneNumber(String id) {
    return phoneNumbers.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  public PhoneNumber defaultNumber() {
    return phoneNumbers.get(0);
  }

  public SimulatorSettings withPort(int newPort) {
    return new SimulatorSettings(host, newPort, accessToken, appSecret, randomSeed, phoneNumbers,
        pairCapacity, pairRefillPeriod, serviceWindow, sentLogSize, switches, includeBsuid,
        omitWaId, mediaUrlTtl, mediaTtl, mediaMaxStoreBytes, templatesPageSize, webhooks, scripted);
  }

  public SimulatorSettings withWebhookUrl(String url) {
    Webhooks w = new Webhooks(url, webhooks.verifyToken(), webhooks.maxBatch(), webhooks.linger(),
        webhooks.queueSize(), webhooks.parallelism(), webhooks.initialBackoff(),
        webhooks.maxBackoff(), webhooks.maxAttempts(), webhooks.requestTimeout());
    return withWebhooks(w);
  }

  public SimulatorSettings withWebhooks(Webhooks w) {
    return new SimulatorSettings(host, port, accessToken, appSecret, randomSeed, phoneNumbers,
        pairCapacity, pairRefillPeriod, serviceWindow, sentLogSize, switches, includeBsuid,
        omitWaId, mediaUrlTtl, mediaTtl, mediaMaxStoreBytes, templatesPageSize, w, scripted);
  }

  public SimulatorSettings withSwitches(Switches s) {
    return new SimulatorSettings(host, port, accessToken, appSecret, randomSeed, phoneNumbers,
        pairCapacity, pairRefillPeriod, serviceWindow, sentLogSize, s, includeBsuid, omitWaId,
        mediaUrlTtl, mediaTtl, mediaMaxStoreBytes, templatesPageSize, webhooks, scripted);
  }

  public SimulatorSettings withPhoneNumbers(List<PhoneNumber> numbers) {
    return new SimulatorSettings(host, port, accessToken, appSecret, randomSeed,
        List.copyOf(numbers), pairCapacity, pairRefillPeriod, serviceWindow, sentLogSize, switches,
        includeBsuid, omitWaId, mediaUrlTtl, mediaTtl, mediaMaxStoreBytes, templatesPageSize,
        webhooks, scripted);
  }

  public SimulatorSettings withPairLimit(int capacity, Duration refillPeriod) {
    return new SimulatorSettings(host, port, accessToken, appSecret, randomSeed, phoneNumbers,
        capacity, refillPeriod, serviceWindow, sentLogSize, switches, includeBsuid, omitWaId,
        mediaUrlTtl, mediaTtl, mediaMaxStoreBytes, templatesPageSize, webhooks, scripted);
  }

  public SimulatorSettings withOmitWaId(boolean omit) {
    return new SimulatorSettings(host, port, accessToken, appSecret, randomSeed, phoneNumbers,
        pairCapacity, pairRefillPeriod, serviceWindow, sentLogSize, switches, includeBsuid, omit,
        mediaUrlTtl, mediaTtl, mediaMaxStoreBytes, templatesPageSize, webhooks, scripted);
  }
}
