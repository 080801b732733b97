package com.whatatalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.SimulatorSettings.PhoneNumber;
import com.whatatalk.simulator.SimulatorSettings.ScriptedCustomer;
import com.whatatalk.simulator.customers.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scripted mode for the default local run: a few named customers write in every so often and
 * answer what they receive (tapping the first button of interactive and template messages,
 * picking the first list row, or replying with text), so the inbox has life without Meta.
 */
final class ScriptedCustomers {
  private static final Logger log = LoggerFactory.getLogger(ScriptedCustomers.class);
  private static final List<String> OPENERS = List.of(
      "Hi! Is my order on its way?", "Do you have this in another colour?",
      "What are your opening hours on Saturday?", "Can I change my delivery address?",
      "I'd like to book a table for four tomorrow at 8pm.", "Thanks for the quick help yesterday!");
  private static final List<String> REPLIES = List.of(
      "Great, thank you!", "Perfect 👍", "Could you tell me a bit more?", "Ok, that works for me.",
      "Hmm, not sure. Let me check and come back to you.");

  private final SimulatorSettings.Scripted settings;
  private final ActorSystem<?> system;
  private final SimulatorControl control;
  private final Random random;
  private final Set<String> waIds;
  private volatile Cancellable next;
  private volatile boolean running;

  ScriptedCustomers(SimulatorSettings settings, ActorSystem<?> system, SimulatorControl control,
      Random random) {
    this.settings = settings.scripted();
    this.system = system;
    this.control = control;
    this.random = random;
    this.waIds = this.settings.customers().stream().map(ScriptedCustomer::waId)
        .collect(Collectors.toSet());
  }

  void start() {
    if (!settings.enabled() || settings.customers().isEmpty()) {
      return;
    }
    running = true;
    for (ScriptedCustomer c : settings.customers()) {
      control.customers().get(c.waId()).name(c.name());
    }
    log.info("scripted customers on: {}", settings.customers());
    scheduleNext();
  }

  void stop() {
    running = false;
    Cancellable c = next;
    if (c != null) {
      c.cancel();
    }
  }

  private void scheduleNext() {
    if (!running) {
      return;
    }
    // Exponential gaps: a Poisson process of inbound messages with the configured mean.
    double mean = settings.interval().toMillis();
    long gap = (long) (-Math.log(1 - random.nextDouble()) * mean);
    next = system.scheduler().scheduleOnce(Duration.ofMillis(Math.max(gap, 100)), () -> {
      try {
        ScriptedCustomer c = settings.customers().get(random.nextInt(settings.customers().size()));
        ObjectNode spec = text(OPENERS.get(random.nextInt(OPENERS.size())));
        spec.put("phone_number_id", phoneNumberId());
        control.customerSends(c.waId(), spec);
      } catch (RuntimeException e) {
        log.warn("scripted customer failed to write", e);
      }
      scheduleNext();
    }, system.executionContext());
  }

  /** Called for every accepted message; scripted customers may answer it. */
  void onAccepted(SentMessage m, PhoneNumber number) {
    if (!running || !waIds.contains(m.waId()) || m.type().equals("reaction")
        || random.nextDouble() >= settings.replyProbability()) {
      return;
    }
    ObjectNode spec = answer(m);
    spec.put("phone_number_id", number.id());
    system.scheduler().scheduleOnce(settings.replyDelay(), () -> {
      try {
        control.customerSends(m.waId(), spec);
      } catch (RuntimeException e) {
        log.warn("scripted customer failed to reply", e);
      }
    }, system.executionContext());
  }

  private ObjectNode answer(SentMessage m) {
    JsonNode req = m.request();
    JsonNode interactive = req.path("interactive");
    if (m.type().equals("interactive") && interactive.path("type").asText().equals("button")) {
      JsonNode reply = interactive.path("action").path("buttons").path(0).path("reply");
      ObjectNode spec = Json.object().put("type", "button_reply").put("context_id", m.id());
      spec.putObject("button_reply").put("id", reply.path("id").asText())
          .put("title", reply.path("title").asText());
      return spec;
    }
    if (m.type().equals("interactive") && interactive.path("type").asText().equals("list")) {
      JsonNode row = interactive.path("action").path("sections").path(0).path("rows").path(0);
      ObjectNode spec = Json.object().put("type", "list_reply").put("context_id", m.id());
      spec.putObject("list_reply").put("id", row.path("id").asText())
          .put("title", row.path("title").asText())
          .put("description", row.path("description").asText(""));
      return spec;
    }
    if (m.type().equals("template")) {
      for (JsonNode c : req.path("template").path("components")) {
        if (c.path("sub_type").asText().equalsIgnoreCase("quick_reply")) {
          String payload = c.path("parameters").path(0).path("payload").asText("QUICK_REPLY");
          ObjectNode spec = Json.object().put("type", "button").put("context_id", m.id());
          spec.putObject("button").put("payload", payload).put("text", payload);
          return spec;
        }
      }
    }
    ObjectNode spec = text(REPLIES.get(random.nextInt(REPLIES.size())));
    spec.put("context_id", m.id());
    return spec;
  }

  private String phoneNumberId() {
    return settings.phoneNumberId().isBlank() ? control.settings().defaultNumber().id()
        : settings.phoneNumberId();
  }

  private static ObjectNode text(String body) {
    ObjectNode spec = Json.object().put("type", "text");
    spec.putObject("text").put("body", body);
    return spec;
  }
}
