package com.whatatalk.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The web build as http-api serves it (the real jar of module web is on the classpath). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebRoutesTest {
  private ActorSystem<Void> system;
  private String base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    // A local system that never exits the JVM: application.conf's cluster settings turn on
    // exit-jvm, which ended the test JVM (status 0) under the next test class.
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "web-routes-test",
            ConfigFactory.parseString(
                    "pekko.actor.provider = local\npekko.coordinated-shutdown.exit-jvm = off")
                .withFallback(ConfigFactory.load()));
    ServerBinding binding =
        Http.get(system).newServerAt("127.0.0.1", 0).bind(new WebRoutes().route()).toCompletableFuture().get();
    base = "http://127.0.0.1:" + binding.localAddress().getPort();
  }

  @AfterAll
  void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String indexHtml() throws Exception {
    try (InputStream in = WebRoutesTest.class.getClassLoader().getResourceAsStream(WebRoutes.ROOT + "/index.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void rootAndClientRoutesServeIndexHtmlRevalidated() throws Exception {
    for (String path : new String[] {"/", "/login", "/conversations/106540352242922/16505551234"}) {
      HttpResponse<String> r = send("GET", path);
      assertEquals(200, r.statusCode(), path);
      assertEquals(indexHtml(), r.body(), path);
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
      assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""), path);
    }
  }

  @Test
  void hashedAssetsAreImmutableAndMissingOnesAre404() throws Exception {
    Matcher m = Pattern.compile("/assets/[^\"]+\\.js").matcher(indexHtml());
    assertTrue(m.find(), "index.html names its script");
    HttpResponse<String> r = send("GET", m.group());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("javascript"));
    assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
    assertEquals(404, send("GET", "/assets/nothing-here.js").statusCode());
  }

  @Test
  void neverAnswersServerPathsOrOtherMethods() throws Exception {
    for (String path : new String[] {"/api", "/api/nothing", "/webhooks/whatsapp", "/health/alive"}) {
      HttpResponse<String> r = send("GET", path);
      assertEquals(404, r.statusCode(), path);
      assertFalse(r.body().contains("<div id=\"app\">"), path);
    }
    assertEquals(404, send("POST", "/conversations").statusCode());
    assertTrue(WebRoutes.isServerPath("/api/live"));
    assertFalse(WebRoutes.isServerPath("/apix"));
  }
}
