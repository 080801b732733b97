package com.whatatalk.simulator.customers;

import com.whatatalk.simulator.SimClock;
import com.whatatalk.simulator.SimulatorSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** All simulated customers by wa_id; a customer exists once the CRM or the control API names it. */
public final class Customers {
  private final SimulatorSettings settings;
  private final SimClock clock;
  private final Map<String, Customer> byWaId = new ConcurrentHashMap<>();

  public Customers(SimulatorSettings settings, SimClock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  public Customer get(String waId) {
    return byWaId.computeIfAbsent(waId,
        id -> new Customer(id, "Customer " + id.substring(Math.max(0, id.length() - 4)),
            settings.sentLogSize()));
  }

  public Optional<Customer> find(String waId) {
    return Optional.ofNullable(byWaId.get(waId));
  }

  public Collection<Customer> all() {
    return byWaId.values();
  }

  /** The customer wrote to this number: the service window restarts now. */
  public void inbound(Customer c, String phoneNumberId) {
    c.inboundAt(phoneNumberId, clock.now());
  }

  public boolean windowOpen(Customer c, String phoneNumberId) {
    return c.windowOpen(phoneNumberId, clock.now(), settings.serviceWindow());
  }

  public void expireWindow(Customer c, String phoneNumberId) {
    c.expireWindow(phoneNumberId);
  }

  /** Opens the window as if the customer had written at {@code at} (may be in the past). */
  public void openWindowAt(Customer c, String phoneNumberId, Instant at) {
    c.inboundAt(phoneNumberId, at);
  }

  public void recordSent(Customer c, SentMessage m) {
    c.recordSent(m);
  }
}
