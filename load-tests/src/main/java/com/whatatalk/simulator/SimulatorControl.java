package com.whatatalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;
import com.whatatalk.simulator.customers.Customer;
import com.whatatalk.simulator.customers.Customers;
import com.whatatalk.simulator.customers.InboundMessages;
import com.whatatalk.simulator.customers.SentMessage;
import com.whatatalk.simulator.customers.StatusPipeline;
import com.whatatalk.simulator.customers.Switches;
import com.whatatalk.simulator.graph.Auth;
import com.whatatalk.simulator.limits.ErrorCounters;
import com.whatatalk.simulator.limits.RateLimits;
import com.whatatalk.simulator.media.MediaHandler;
import com.whatatalk.simulator.media.MediaStore;
import com.whatatalk.simulator.messages.SendHandler;
import com.whatatalk.simulator.templates.TemplateChecker;
import com.whatatalk.simulator.templates.TemplateListing;
import com.whatatalk.simulator.templates.TemplateStore;
import com.whatatalk.simulator.webhooks.WebhookDispatcher;
import com.whatatalk.simulator.webhooks.WebhookHandshake;
import com.whatatalk.simulator.webhooks.WebhookItem;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Wires the simulator's parts and holds the operations of the control API, shared by the
 * {@code /_sim} routes and the in-process Java handle ({@link CloudApiSimulator}).
 */
public final class SimulatorControl {
  private final SimulatorSettings settings;
  private final ActorSystem<?> system;
  private final SimClock clock;
  private final AtomicReference<Switches> switches;
  private final Auth auth;
  private final ErrorCounters errors = new ErrorCounters();
  private final RateLimits limits;
  private final Customers customers;
  private final MediaStore media;
  private final MediaHandler mediaHandler;
  private final TemplateStore templates = new TemplateStore();
  private final TemplateListing templateListing;
  private final WebhookDispatcher webhooks;
  private final StatusPipeline statuses;
  private final InboundMessages inbound;
  private final SendHandler sendHandler;
  private final ScriptedCustomers scripted;
  private volatile String baseUrl = "";

  public SimulatorControl(SimulatorSettings settings, ActorSystem<?> system, SimClock clock) {
    this.settings = settings;
    this.system = system;
    this.clock = clock;
    this.switches = new AtomicReference<>(settings.switches());
    Random random = new Random(settings.randomSeed());
    this.auth = new Auth(settings.accessToken());
    this.limits = new RateLimits(settings, clock);
    this.customers = new Customers(settings, clock);
    this.media = new MediaStore(settings, clock);
    this.mediaHandler = new MediaHandler(settings, media, errors);
    this.templateListing = new TemplateListing(templates, settings.templatesPageSize());
    this.webhooks = new WebhookDispatcher(settings, system);
    this.statuses = new StatusPipeline(system, clock, webhooks, switches::get, errors, random);
    this.inbound = new InboundMessages(settings, clock, media);
    this.scripted = new ScriptedCustomers(settings, system, this, random);
    this.sendHandler = new SendHandler(settings, clock, new TemplateChecker(templates), limits,
        customers, statuses, media, errors, scripted::onAccepted);
  }

  void bound(String url) {
    this.baseUrl = url;
    scripted.start();
  }

  void close() {
    scripted.stop();
    webhooks.close();
  }

  // -- parts used by the routes ------------------------------------------------------------

  public SimulatorSettings settings() {
    return settings;
  }

  public Auth auth() {
    return auth;
  }

  public SendHandler sendHandler() {
    return sendHandler;
  }

  public MediaHandler mediaHandler() {
    return mediaHandler;
  }

  public MediaStore mediaStore() {
    return media;
  }

  public TemplateListing templateListing() {
    return templateListing;
  }

  public ErrorCounters errors() {
    return errors;
  }

  public String baseUrl() {
    return baseUrl;
  }

  // -- control operations ------------------------------------------------------------------

  /**
   * Makes a customer send a message (spec: Meta's inbound shape plus optional
   * {@code phone_number_id} and {@code name}); opens the service window (system messages do not)
   * and posts the webhook. Returns {@code id}, the {@code message} as posted and any
   * {@code media_id}.
   */
  public ObjectNode customerSends(String waId, JsonNode spec) {
    PhoneNumber number = number(spec.path("phone_number_id").asText(null));
    Customer customer = customers.get(waId);
    if (spec.hasNonNull("name")) {
      customer.name(spec.get("name").asText());
    }
    InboundMessages.Inbound in = inbound.build(spec, customer, number, baseUrl);
    boolean system = in.message().path("type").asText().equals("system");
    if (!system) {
      customers.inbound(customer, number.id());
    }
    if (in.message().path("type").asText().equals("unsupported")) {
      errors.record(131051);
    }
    webhooks.offer(WebhookItem.message(number, in.message(), system ? null : in.contact()));
    ObjectNode reply = Json.object();
    reply.put("id", in.message().path("id").asText());
    if (in.media() != null) {
      reply.put("media_id", in.media().id());
    }
    reply.set("message", in.message());
    return reply;
  }

  /** Shorthand: the customer writes a text. Returns the inbound wamid. */
  public String customerSendsText(String waId, String text) {
    ObjectNode spec = Json.object().put("type", "text");
    spec.putObject("text").put("body", text);
    return customerSends(waId, spec).path("id").asText();
  }

  public List<SentMessage> sentMessages(String waId, int limit) {
    return customers.find(waId).map(c -> c.lastSent(limit)).orElse(List.of());
  }

  /** Updates a customer: {@code name}, {@code read_receipts}, {@code omit_wa_id} (null = global). */
  public ObjectNode updateCustomer(String waId, JsonNode patch) {
    Customer c = customers.get(waId);
    if (patch.hasNonNull("name")) {
      c.name(patch.get("name").asText());
    }
    if (patch.has("read_receipts")) {
      c.readReceipts(patch.get("read_receipts").isNull() ? null
          : patch.get("read_receipts").asBoolean());
    }
    if (patch.has("omit_wa_id")) {
      c.omitWaId(patch.get("omit_wa_id").isNull() ? null : patch.get("omit_wa_id").asBoolean());
    }
    return customerJson(c);
  }

  public ObjectNode customerJson(Customer c) {
    ObjectNode n = Json.object();
    n.put("wa_id", c.waId());
    n.put("user_id", c.userId());
    n.put("name", c.name());
    if (c.readReceipts() != null) {
      n.put("read_receipts", c.readReceipts());
    }
    if (c.omitWaId() != null) {
      n.put("omit_wa_id", c.omitWaId());
    }
    ObjectNode windows = n.putObject("window_open");
    for (PhoneNumber p : settings.phoneNumbers()) {
      windows.put(p.id(), customers.windowOpen(c, p.id()));
    }
    return n;
  }

  public Customers customers() {
    return customers;
  }

  public Switches switches() {
    return switches.get();
  }

  public Switches setSwitches(Switches s) {
    switches.set(s);
    return s;
  }

  public Switches patchSwitches(JsonNode patch) {
    return switches.updateAndGet(s -> s.patch(patch));
  }

  public void setMps(String phoneNumberId, int mps) {
    number(phoneNumberId);
    limits.setMps(phoneNumberId, mps);
  }

  public void expireWindow(String phoneNumberId, String waId) {
    customers.expireWindow(customers.get(waId), number(phoneNumberId).id());
  }

  public Duration advanceClock(Duration by) {
    return clock.advance(by);
  }

  public SimClock clock() {
    return clock;
  }

  public boolean setTemplateStatus(String name, String language, String status) {
    return templates.setStatus(name, language, status);
  }

  public int maxAcceptedPerSecond(String phoneNumberId) {
    return limits.maxAcceptedPerSecond(phoneNumberId);
  }

  public int maxReceivedPerSecond(String phoneNumberId) {
    return limits.maxReceivedPerSecond(phoneNumberId);
  }

  /** Per number: mps, peaks and totals; errors by code; webhook delivery counters. */
  public ObjectNode stats() {
    ObjectNode n = Json.object();
    ObjectNode numbers = n.putObject("phone_numbers");
    for (PhoneNumber p : settings.phoneNumbers()) {
      ObjectNode s = numbers.putObject(p.id());
      s.put("mps", limits.mps(p.id()));
      s.put("max_accepted_per_second", limits.maxAcceptedPerSecond(p.id()));
      s.put("max_received_per_second", limits.maxReceivedPerSecond(p.id()));
      s.put("accepted", limits.accepted(p.id()));
      s.put("received", limits.received(p.id()));
    }
    ObjectNode byCode = n.putObject("errors_by_code");
    errors.snapshot().forEach((code, count) -> byCode.put(Integer.toString(code), count));
    n.set("webhooks", webhooks.stats());
    n.put("clock", clock.now().toString());
    n.put("clock_offset_seconds", clock.offset().toSeconds());
    return n;
  }

  public void resetStats() {
    limits.reset();
    errors.reset();
  }

  /** Performs Meta's GET hub.* handshake against the callback URL (optionally another token). */
  public CompletionStage<ObjectNode> verifyWebhook(Optional<String> verifyToken) {
    return WebhookHandshake.perform(system, settings.webhooks().callbackUrl(),
        verifyToken.orElse(settings.webhooks().verifyToken()));
  }

  PhoneNumber number(String phoneNumberId) {
    if (phoneNumberId == null || phoneNumberId.isBlank()) {
      return settings.defaultNumber();
    }
    return settings.phoneNumber(phoneNumberId).orElseThrow(() ->
        new IllegalArgumentException("unknown phone_number_id " + phoneNumberId));
  }
}
