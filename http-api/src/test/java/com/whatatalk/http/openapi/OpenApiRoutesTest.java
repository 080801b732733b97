package com.whatatalk.http.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.http.TestApp;
import com.whatatalk.http.openapi.OpenApiDocument.Operation;
import com.whatatalk.simulator.CloudApiSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The document against the real app (one start for the class, with the Cloud API simulator):
 * every documented operation is routed (without a session: 401 for the protected ones, never
 * 404 or 405; with an admin session: never the router's 404 or a 405), and the served YAML and
 * JSON are the document.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Pekko's answer when no route matched the path (re-shaped by ApiErrors). */
  private static final String NO_ROUTE = "The requested resource could not be found.";
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
  /** Plausible values for the path parameters of the document. */
  private static final Map<String, String> PATH_VALUES =
      Map.of(
          "phoneNumberId", TestApp.PHONE_NUMBER_ID,
          "customerKey", "16505551234",
          "userId", "00000000-0000-0000-0000-000000000000",
          "name", "order_update",
          "language", "en_US",
          "mediaId", "1479537139650973");

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final JsonNode document = OpenApiDocument.tree(OpenApiDocument.text());
  private CloudApiSimulator simulator;
  private TestApp app;

  private record Reply(int status, String contentType, String body) {
    String errorMessage() {
      try {
        return JSON.readTree(body).path("error").path("message").asText("");
      } catch (IOException e) {
        return "";
      }
    }
  }

  @BeforeAll
  void start(CassandraNode cassandra) {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("openapi"), port, simulator, Map.of());
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  @Test
  void everyDocumentedOperationIsRoutedAndProtectedAsDocumented() {
    assertEquals(404, get("/api/no-such-route").status(), "an unknown path is 404, so the check below means something");
    List<String> problems = new ArrayList<>();
    for (Operation op : OpenApiDocument.operations(document)) {
      Reply r = call(op, null);
      if (r.status() == 404 || r.status() == 405) {
        problems.add(op + " without a session: " + r.status() + " " + r.body());
      } else if (!op.isPublic() && r.status() != 401) {
        problems.add(op + " is documented as protected, but without a session: " + r.status() + " " + r.body());
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyDocumentedOperationIsRoutedForAnAdmin() {
    String cookie = login();
    Reply unknown = reply(send(HttpRequest.newBuilder(URI.create(app.url("/api/agents/x/no-such-route"))).header("Cookie", cookie)));
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals(NO_ROUTE, unknown.errorMessage(), "the router's 404, as told apart below");
    List<String> problems = new ArrayList<>();
    for (Operation op : OpenApiDocument.operations(document)) {
      if (op.path().equals("/api/auth/logout")) {
        continue; // would end this session; public, checked without one
      }
      Reply r = call(op, cookie);
      if (r.status() == 405 || (r.status() == 404 && r.errorMessage().equals(NO_ROUTE))) {
        problems.add(op + " as an admin: " + r.status() + " " + r.body());
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void servesTheDocumentAsYamlAndTheSameAsJson() throws IOException {
    Reply yaml = get("/api/openapi.yaml");
    assertEquals(200, yaml.status(), yaml.body());
    assertTrue(yaml.contentType().startsWith("application/yaml"), yaml.contentType());
    assertEquals(OpenApiDocument.text(), yaml.body());

    Reply json = get("/api/openapi.json");
    assertEquals(200, json.status(), json.body());
    assertTrue(json.contentType().startsWith("application/json"), json.contentType());
    JsonNode served = JSON.readTree(json.body());
    assertEquals(document, served);
    assertEquals(OpenApiDocument.tree(yaml.body()), served);
    assertFalse(served.path("paths").isEmpty());
  }

  private String login() {
    String body =
        JSON.createObjectNode().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD).toString();
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(URI.create(app.url("/api/auth/login")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertEquals(200, r.statusCode(), r.body());
    return r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  /** The operation with its path parameters filled in; bodies are {@code {}}. */
  private Reply call(Operation op, String cookie) {
    Matcher m = PARAMETER.matcher(op.path());
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      String value = PATH_VALUES.get(m.group(1));
      if (value == null) {
        throw new AssertionError(op + ": no test value for path parameter " + m.group(1) + " (add it to PATH_VALUES)");
      }
      m.appendReplacement(path, value);
    }
    m.appendTail(path);
    boolean hasBody = List.of("POST", "PUT", "PATCH").contains(op.method());
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(app.url(path.toString())))
            .timeout(Duration.ofSeconds(60))
            .method(op.method(), hasBody ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
    if (hasBody) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return reply(send(b));
  }

  private Reply get(String path) {
    return reply(send(HttpRequest.newBuilder(URI.create(app.url(path))).GET()));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Reply reply(HttpResponse<String> r) {
    return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
  }
}
