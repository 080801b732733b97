package com.whatatalk.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Plain HTTP calls to a {@link TestApp} (no cookie jar: each call sends the cookie it is given),
 * logins, agents, and bounded waiting for the eventually consistent read side.
 */
public final class ApiCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final TestApp app;

  public ApiCalls(TestApp app) {
    this.app = app;
  }

  public record Reply(int status, JsonNode body, String raw) {
    public String error() {
      return body.path("error").path("code").asText();
    }

    public String field(String name) {
      return body.path("error").path("fields").path(name).asText(null);
    }
  }

  public record Agent(String id, String cookie) {}

  public Reply call(String method, String path, String cookie, String json) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(app.url(path)))
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
      if (path.startsWith("/api/auth/")) {
        cookieOf(r);
      }
      return new Reply(r.statusCode(), body, r.body());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private String lastCookie;

  private void cookieOf(HttpResponse<String> r) {
    r.headers().firstValue("Set-Cookie").ifPresent(c -> lastCookie = c.split(";")[0]);
  }

  /** Logs in; the {@code name=value} of the session cookie. */
  public String login(String email, String password) {
    Reply r =
        call("POST", "/api/auth/login", null,
            JSON.createObjectNode().put("email", email).put("password", password).toString());
    if (r.status() != 200) {
      throw new AssertionError("login failed: " + r.raw());
    }
    return lastCookie;
  }

  /** An agent created by {@code adminCookie}, who has replaced the one-time password. */
  public Agent agent(String adminCookie, String email, String displayName) {
    Reply created =
        call("POST", "/api/agents", adminCookie,
            JSON.createObjectNode().put("email", email).put("displayName", displayName).toString());
    if (created.status() != 201) {
      throw new AssertionError("agent not created: " + created.raw());
    }
    String oneTime = created.body().path("oneTimePassword").asText();
    String cookie = login(email, oneTime);
    Reply changed =
        call("POST", "/api/auth/password", cookie,
            JSON.createObjectNode().put("currentPassword", oneTime).put("newPassword", "an agent's own password").toString());
    if (changed.status() != 200) {
      throw new AssertionError("password not changed: " + changed.raw());
    }
    return new Agent(created.body().path("user").path("id").asText(), lastCookie);
  }

  /** Adds a business number as {@code adminCookie}. */
  public void addNumber(String adminCookie, String phoneNumberId, String wabaId) {
    Reply r =
        call("POST", "/api/phone-numbers", adminCookie,
            JSON.createObjectNode()
                .put("phoneNumberId", phoneNumberId)
                .put("displayNumber", "+1 555 010 0000")
                .put("wabaId", wabaId)
                .put("accessToken", "test-access-token")
                .toString());
    if (r.status() != 201) {
      throw new AssertionError("number not added: " + r.raw());
    }
  }

  /** The first value {@code attempt} returns without an AssertionError, within {@code max}. */
  public static <T> T eventually(Duration max, Supplier<T> attempt) {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      try {
        return attempt.get();
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(100); // the poll interval, bounded by the deadline above
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** As {@link #eventually(Duration, Supplier)}, for a check that returns nothing. */
  public static void eventually(Duration max, Runnable check) {
    eventually(
        max,
        () -> {
          check.run();
          return null;
        });
  }

  public static String json(Object... keyValues) {
    var node = JSON.createObjectNode();
    for (int i = 0; i < keyValues.length; i += 2) {
      node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
    }
    return node.toString();
  }
}
