package com.whatatalk.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

/** Binds the routes and unbinds them, draining requests, on coordinated shutdown. */
public final class HttpServer {
  private HttpServer() {}

  public static CompletionStage<ServerBinding> start(
      Route route, HttpSettings settings, ActorSystem<?> system) {
    return Http.get(system)
        .newServerAt(settings.interfaceName(), settings.port())
        .bind(route)
        .thenApply(
            binding -> {
              CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
              shutdown.addTask(
                  CoordinatedShutdown.PhaseServiceUnbind(),
                  "http-unbind",
                  () -> binding.unbind().thenApply(done -> Done.getInstance()));
              shutdown.addTask(
                  CoordinatedShutdown.PhaseServiceRequestsDone(),
                  "http-graceful-terminate",
                  () ->
                      binding.terminate(Duration.ofSeconds(10)).thenApply(t -> Done.getInstance()));
              return binding;
            });
  }

  /** The URL a person opens for a binding (loopback when bound to every interface). */
  public static String url(ServerBinding binding) {
    InetSocketAddress address = binding.localAddress();
    String host = address.getAddress().isAnyLocalAddress() ? "localhost" : address.getHostString();
    return "http://" + host + ":" + address.getPort() + "/";
  }
}
