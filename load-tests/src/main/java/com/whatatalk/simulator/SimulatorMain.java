package com.whatatalk.simulator;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the simulator standalone: {@code simulator.conf} (reference defaults plus SIMULATOR_*
 * environment variables), bound until the process is stopped.
 */
public final class SimulatorMain {
  private static final Logger log = LoggerFactory.getLogger(SimulatorMain.class);

  private SimulatorMain() {}

  public static void main(String[] args) {
    Config config = ConfigFactory.load("simulator");
    SimulatorSettings settings = SimulatorSettings.fromConfig(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cloud-api-simulator", config);
    CloudApiSimulator sim = CloudApiSimulator.start(settings, system);
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
        "simulator-unbind", () -> {
          sim.close();
          return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
        });
    log.info("WhatsApp Cloud API simulator at {} (numbers {}, webhooks -> {}, scripted {})",
        sim.baseUrl(), settings.phoneNumbers(),
        settings.webhooks().enabled() ? settings.webhooks().callbackUrl() : "(none)",
        settings.scripted().enabled());
  }
}
