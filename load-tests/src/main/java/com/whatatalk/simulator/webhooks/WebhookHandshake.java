package com.whatatalk.simulator.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;

/**
 * Meta's verification handshake (§4.1): {@code GET callback?hub.mode=subscribe&hub.challenge=N
 * &hub.verify_token=T}; the endpoint passes when it answers 200 with exactly the challenge.
 */
public final class WebhookHandshake {
  private WebhookHandshake() {}

  /** The outcome as JSON: {@code verified}, {@code status}, {@code body}, {@code challenge}. */
  public static CompletionStage<ObjectNode> perform(ActorSystem<?> system, String callbackUrl,
      String verifyToken) {
    String challenge = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L,
        9_999_999_999L));
    String url = callbackUrl + (callbackUrl.contains("?") ? "&" : "?")
        + "hub.mode=subscribe&hub.challenge=" + challenge
        + "&hub.verify_token=" + URLEncoder.encode(verifyToken, StandardCharsets.UTF_8);
    return Http.get(system).singleRequest(HttpRequest.GET(url))
        .thenCompose(r -> r.entity().toStrict(Duration.ofSeconds(10).toMillis(), system)
            .thenApply(strict -> {
              String body = strict.getData().utf8String();
              ObjectNode n = Json.object();
              n.put("verified", r.status().intValue() == 200 && body.equals(challenge));
              n.put("status", r.status().intValue());
              n.put("body", body.length() > 200 ? body.substring(0, 200) : body);
              n.put("challenge", challenge);
              n.put("verify_token", verifyToken);
              return n;
            }))
        .exceptionally(e -> {
          ObjectNode n = Json.object();
          n.put("verified", false);
          n.put("error", e.toString());
          n.put("challenge", challenge);
          return n;
        });
  }
}
