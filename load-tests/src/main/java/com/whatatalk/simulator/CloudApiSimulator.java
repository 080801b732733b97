package com.whatatalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.customers.SentMessage;
import com.whatatalk.simulator.customers.Switches;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The WhatsApp Cloud API simulator, in process: {@link #start} binds it (port 0 = a free port)
 * and returns this handle with the base URL to give the Cloud API client (it already includes no
 * version: call {@code baseUrl() + "/v23.0/" + phoneNumberId + "/messages"}), the control
 * operations of {@code /_sim}, and {@link #close()}.
 */
public final class CloudApiSimulator implements AutoCloseable {
  private final ServerBinding binding;
  private final SimulatorControl control;
  private final String baseUrl;

  private CloudApiSimulator(ServerBinding binding, SimulatorControl control) {
    this.binding = binding;
    this.control = control;
    this.baseUrl = "http://" + binding.localAddress().getHostString() + ":"
        + binding.localAddress().getPort();
  }

  /** Starts on the system clock; blocks until bound (at most 10 s). */
  public static CloudApiSimulator start(SimulatorSettings settings, ActorSystem<?> system) {
    return start(settings, system, Clock.systemUTC());
  }

  /** Starts on a given base clock (the control API can still push simulated time forward). */
  public static CloudApiSimulator start(SimulatorSettings settings, ActorSystem<?> system,
      Clock clock) {
    SimulatorControl control = new SimulatorControl(settings, system, new SimClock(clock));
    try {
      ServerBinding binding = Http.get(system)
          .newServerAt(settings.host(), settings.port())
          .bind(new GraphRoutes(control).route())
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      CloudApiSimulator sim = new CloudApiSimulator(binding, control);
      control.bound(sim.baseUrl);
      return sim;
    } catch (Exception e) {
      control.close();
      throw new IllegalStateException("could not bind the simulator on " + settings.host() + ":"
          + settings.port(), e);
    }
  }

  /** e.g. {@code http://127.0.0.1:41234}; Graph paths go below it, starting with the version. */
  public String baseUrl() {
    return baseUrl;
  }

  public int port() {
    return binding.localAddress().getPort();
  }

  public SimulatorSettings settings() {
    return control.settings();
  }

  /** Everything else the control API offers (for advanced use). */
  public SimulatorControl control() {
    return control;
  }

  // -- simulated customers -----------------------------------------------------------------

  /** The customer sends a message given in Meta's inbound shape; returns id, message, media_id. */
  public ObjectNode customerSends(String waId, JsonNode spec) {
    return control.customerSends(waId, spec);
  }

  /** The customer writes a text (opening the service window); returns the inbound wamid. */
  public String customerSendsText(String waId, String text) {
    return control.customerSendsText(waId, text);
  }

  /** The last {@code limit} messages the CRM sent to this customer, oldest first. */
  public List<SentMessage> sentMessages(String waId, int limit) {
    return control.sentMessages(waId, limit);
  }

  public ObjectNode updateCustomer(String waId, JsonNode patch) {
    return control.updateCustomer(waId, patch);
  }

  public void expireWindow(String phoneNumberId, String waId) {
    control.expireWindow(phoneNumberId, waId);
  }

  // -- switches and limits -----------------------------------------------------------------

  public Switches switches() {
    return control.switches();
  }

  public Switches setSwitches(Switches switches) {
    return control.setSwitches(switches);
  }

  public void setMps(String phoneNumberId, int mps) {
    control.setMps(phoneNumberId, mps);
  }

  public boolean setTemplateStatus(String name, String language, String status) {
    return control.setTemplateStatus(name, language, status);
  }

  public Duration advanceClock(Duration by) {
    return control.advanceClock(by);
  }

  // -- observations ------------------------------------------------------------------------

  /** Most messages accepted for this number in any sliding one-second window. */
  public int maxAcceptedPerSecond(String phoneNumberId) {
    return control.maxAcceptedPerSecond(phoneNumberId);
  }

  /** Most send requests (accepted or refused) received for this number in any one second. */
  public int maxReceivedPerSecond(String phoneNumberId) {
    return control.maxReceivedPerSecond(phoneNumberId);
  }

  /** How many times the simulator produced this Meta error code (sync or by webhook). */
  public long errorCount(int code) {
    return control.errors().count(code);
  }

  public ObjectNode stats() {
    return control.stats();
  }

  public void resetStats() {
    control.resetStats();
  }

  /** Performs the GET hub.* handshake against the callback URL with the configured token. */
  public CompletionStage<ObjectNode> verifyWebhook() {
    return control.verifyWebhook(Optional.empty());
  }

  public CompletionStage<ObjectNode> verifyWebhook(String verifyToken) {
    return control.verifyWebhook(Optional.of(verifyToken));
  }

  /** Unbinds and stops scripted customers and the webhook queue (the ActorSystem stays up). */
  @Override
  public void close() {
    control.close();
    try {
      binding.terminate(Duration.ofSeconds(3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing is best effort: the port is released with the ActorSystem anyway.
    }
  }
}
