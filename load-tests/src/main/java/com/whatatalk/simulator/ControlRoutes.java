package com.whatatalk.simulator;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.customers.SentMessage;
import com.whatatalk.simulator.graph.GraphReply;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The control API under {@code /_sim} (JSON, no auth: a local test/dev control plane). See the
 * module README for each endpoint; every operation lives in {@link SimulatorControl}.
 */
final class ControlRoutes {
  private final SimulatorControl sim;

  ControlRoutes(SimulatorControl sim) {
    this.sim = sim;
  }

  Route route() {
    return concat(
        path("health", () -> get(() -> ok(Json.object().put("status", "ok")))),
        pathPrefix("customers", () -> pathPrefix(PathMatchers.segment(), this::customer)),
        path("switches", this::switchesRoute),
        path(PathMatchers.segment("numbers").slash(PathMatchers.segment()).slash("mps"),
            this::mps),
        pathPrefix("clock", this::clockRoute),
        pathPrefix("stats", this::statsRoute),
        path(PathMatchers.segment("webhooks").slash("verify"), this::verify),
        path(PathMatchers.segment("templates").slash(PathMatchers.segment())
            .slash(PathMatchers.segment()).slash("status"), this::templateStatus));
  }

  private Route customer(String waId) {
    return concat(
        pathEnd(() -> concat(
            get(() -> ok(sim.customerJson(sim.customers().get(waId)))),
            anyOf3(() -> json(body -> ok(sim.updateCustomer(waId, body)))))),
        path("messages", () -> concat(
            post(() -> json(spec -> ok(sim.customerSends(waId, spec)))),
            get(() -> parameterOptional("limit", limit ->
                ok(sent(waId, limit.map(Integer::parseInt).orElse(20))))))),
        path("window", () -> post(() -> json(body -> window(waId, body)))));
  }

  private Route switchesRoute() {
    return concat(
        get(() -> ok(sim.switches().toJson())),
        anyOf3(() -> json(body -> ok(sim.patchSwitches(body).toJson()))));
  }

  private Route mps(String phoneNumberId) {
    return anyOf3(() -> json(body -> {
      int mps = body.path("mps").asInt();
      sim.setMps(phoneNumberId, mps);
      return ok(Json.object().put("phone_number_id", phoneNumberId).put("mps", mps));
    }));
  }

  private Route clockRoute() {
    return concat(
        pathEnd(() -> get(() -> ok(clock()))),
        path("advance", () -> post(() -> json(body -> {
          long millis = body.has("millis") ? body.get("millis").asLong()
              : body.path("seconds").asLong() * 1000;
          sim.advanceClock(Duration.ofMillis(millis));
          return ok(clock());
        }))));
  }

  private Route statsRoute() {
    return concat(
        pathEnd(() -> get(() -> ok(sim.stats()))),
        path("reset", () -> post(() -> {
          sim.resetStats();
          return ok(sim.stats());
        })));
  }

  private Route verify() {
    return post(() -> json(body -> onSuccess(
        sim.verifyWebhook(Optional.ofNullable(body.path("verify_token").asText(null))),
        this::ok)));
  }

  private Route templateStatus(String name, String language) {
    return post(() -> json(body -> {
      String status = body.path("status").asText();
      return sim.setTemplateStatus(name, language, status)
          ? ok(Json.object().put("name", name).put("language", language)
              .put("status", status.toUpperCase()))
          : error(404, "no template " + name + "/" + language);
    }));
  }

  private Route window(String waId, JsonNode body) {
    String pn = sim.number(body.path("phone_number_id").asText(null)).id();
    switch (body.path("action").asText("expire")) {
      case "expire" -> sim.expireWindow(pn, waId);
      case "open" -> sim.customers().openWindowAt(sim.customers().get(waId), pn, sim.clock().now());
      default -> throw new IllegalArgumentException("action must be expire or open");
    }
    return ok(sim.customerJson(sim.customers().get(waId)));
  }

  private ObjectNode sent(String waId, int limit) {
    ObjectNode n = Json.object();
    ArrayNode data = n.putArray("data");
    for (SentMessage m : sim.sentMessages(waId, limit)) {
      data.add(m.toJson());
    }
    return n;
  }

  private ObjectNode clock() {
    return Json.object().put("now", sim.clock().now().toString())
        .put("offset_millis", sim.clock().offset().toMillis());
  }

  /** PUT, PATCH and POST all update (curl-friendly). */
  private static Route anyOf3(Supplier<Route> inner) {
    return concat(put(inner), patch(inner), post(inner));
  }

  /** Parses the JSON body (empty = {}) and turns IllegalArgumentException into a 400. */
  private Route json(Function<JsonNode, Route> inner) {
    return entity(Unmarshaller.entityToString(), text -> {
      try {
        JsonNode body = text.isBlank() ? Json.object() : Json.parse(text);
        return inner.apply(body);
      } catch (IllegalArgumentException e) {
        return error(400, e.getMessage());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return error(400, "malformed JSON: " + e.getOriginalMessage());
      }
    });
  }

  private Route ok(JsonNode body) {
    return GraphRoutes.reply(GraphReply.ok(body));
  }

  private Route error(int status, String message) {
    return GraphRoutes.reply(new GraphReply(status, Json.object().put("error", message)));
  }
}
