package com.whatatalk.simulator.messages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import com.whatatalk.simulator.SimClock;
import com.whatatalk.simulator.SimulatorSettings;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;
import com.whatatalk.simulator.customers.Customer;
import com.whatatalk.simulator.customers.Customers;
import com.whatatalk.simulator.customers.SentMessage;
import com.whatatalk.simulator.customers.StatusPipeline;
import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.graph.GraphError;
import com.whatatalk.simulator.graph.GraphReply;
import com.whatatalk.simulator.limits.ErrorCounters;
import com.whatatalk.simulator.limits.RateLimits;
import com.whatatalk.simulator.media.MediaRules;
import com.whatatalk.simulator.media.MediaStore;
import com.whatatalk.simulator.templates.Template;
import com.whatatalk.simulator.templates.TemplateChecker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.BiConsumer;

/**
 * {@code POST /{version}/{phone-number-id}/messages}, after authentication: number lookup
 * (100/33), JSON and shape validation, template checks, the two rate limits, then acceptance
 * with a wamid. What happens next is asynchronous, as at Meta: outside the service window a
 * free-form message fails by webhook with 131047; media sent by an unknown or unsuitable id fails
 * with 131053; otherwise the status pipeline runs.
 */
public final class SendHandler {
  private final SimulatorSettings settings;
  private final SimClock clock;
  private final SendValidator validator = new SendValidator();
  private final TemplateChecker templates;
  private final RateLimits limits;
  private final Customers customers;
  private final StatusPipeline statuses;
  private final MediaStore media;
  private final ErrorCounters errors;
  private final BiConsumer<SentMessage, PhoneNumber> onAccepted;
  private final ConcurrentLinkedDeque<ReadRequest> readRequests =
      new ConcurrentLinkedDeque<>();

  /** A mark-as-read request the CRM made (with {@code typing}: Meta's typing indicator). */
  public record ReadRequest(String phoneNumberId, String wamid, boolean typing) {}

  private static final int READ_REQUESTS_KEPT = 1000;

  public SendHandler(SimulatorSettings settings, SimClock clock, TemplateChecker templates,
      RateLimits limits, Customers customers, StatusPipeline statuses, MediaStore media,
      ErrorCounters errors, BiConsumer<SentMessage, PhoneNumber> onAccepted) {
    this.settings = settings;
    this.clock = clock;
    this.templates = templates;
    this.limits = limits;
    this.customers = customers;
    this.statuses = statuses;
    this.media = media;
    this.errors = errors;
    this.onAccepted = onAccepted;
  }

  /** The last mark-as-read and typing requests received, oldest first (tests look at them). */
  public List<ReadRequest> readRequests() {
    return List.copyOf(readRequests);
  }

  public GraphReply send(String version, String phoneNumberId, String body) {
    Optional<PhoneNumber> number = settings.phoneNumber(phoneNumberId);
    if (number.isEmpty()) {
      return fail(ErrorCodes.unknownObject(phoneNumberId, "post"));
    }
    JsonNode json;
    try {
      json = Json.parse(body);
    } catch (JsonProcessingException e) {
      return fail(ErrorCodes.invalidParameter("The request body is not valid JSON: "
          + e.getOriginalMessage()));
    }
    SendValidator.Result v = validator.validate(json);
    if (v.error() != null) {
      return fail(v.error());
    }
    ValidatedSend send = v.send();
    if (send.markRead()) {
      readRequests.addLast(
          new ReadRequest(phoneNumberId, send.readMessageId(), send.request().has("typing_indicator")));
      while (readRequests.size() > READ_REQUESTS_KEPT) {
        readRequests.pollFirst();
      }
      return GraphReply.success();
    }
    PhoneNumber n = number.get();
    Optional<String> waId = Recipients.waId(send.to(), n.countryCode());
    if (waId.isEmpty()) {
      return fail(ErrorCodes.parameterValueInvalid("to: '" + send.to()
          + "' is not a valid WhatsApp phone number."));
    }
    Template template = null;
    if (send.type().equals("template")) {
      TemplateChecker.Result t = templates.check(send.content());
      if (t.error() != null) {
        return fail(t.error());
      }
      template = t.template();
    }
    Optional<GraphError> limited = limits.tryAcquire(n.id(), waId.get());
    if (limited.isPresent()) {
      return fail(limited.get());
    }
    return accept(version, n, waId.get(), send, template);
  }

  private GraphReply accept(String version, PhoneNumber n, String waId, ValidatedSend send,
      Template template) {
    Customer customer = customers.get(waId);
    String wamid = Wamids.next(waId);
    SentMessage m = new SentMessage(wamid, n.id(), waId, send.type(), send.request(), clock.now());
    customers.recordSent(customer, m);
    boolean inWindow = customers.windowOpen(customer, n.id());
    Optional<GraphError> asyncFailure = asyncFailure(send, template, inWindow);
    if (asyncFailure.isPresent()) {
      statuses.fail(m, n, asyncFailure.get(), send.bizOpaqueCallbackData());
    } else {
      String category = template == null ? "service" : template.pricingCategory();
      // Service messages and utility templates are free inside the window (§5 pricing).
      boolean free = inWindow && (template == null || category.equals("utility"));
      statuses.deliver(m, n, customer, new StatusPipeline.Pricing(category, free),
          apiVersion(version), send.bizOpaqueCallbackData());
      onAccepted.accept(m, n);
    }
    ObjectNode reply = Json.object();
    reply.put("messaging_product", "whatsapp");
    reply.putArray("contacts").addObject().put("input", send.to()).put("wa_id", waId);
    ObjectNode message = reply.putArray("messages").addObject().put("id", wamid);
    if (template != null) {
      message.put("message_status", "accepted");
    }
    return GraphReply.ok(reply);
  }

  private Optional<GraphError> asyncFailure(ValidatedSend send, Template template,
      boolean inWindow) {
    if (template == null && !inWindow) {
      return Optional.of(ErrorCodes.reEngagement());
    }
    if (send.mediaId() != null) {
      var stored = media.get(send.mediaId());
      if (stored.isEmpty()) {
        return Optional.of(ErrorCodes.mediaUpload("Media id " + send.mediaId()
            + " is invalid or has expired."));
      }
      if (!MediaRules.sendableAs(stored.get().mimeType(), send.type())) {
        return Optional.of(ErrorCodes.mediaUpload("Media of type " + stored.get().mimeType()
            + " cannot be sent as " + send.type() + "."));
      }
    }
    return Optional.empty();
  }

  private GraphReply fail(GraphError e) {
    errors.record(e.code());
    return GraphReply.error(e);
  }

  /** "v23.0" → 23; an unparseable version counts as current. */
  static int apiVersion(String version) {
    try {
      return Integer.parseInt(version.substring(1, version.indexOf('.') > 0
          ? version.indexOf('.') : version.length()));
    } catch (RuntimeException e) {
      return 99;
    }
  }
}
