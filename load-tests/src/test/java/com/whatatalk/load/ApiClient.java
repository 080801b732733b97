package com.whatatalk.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small black-box client of WhataTalk's API for the simulations' set-up and verification (log in,
 * add business numbers, send a message, read a conversation's history), over plain HTTP.
 */
public final class ApiClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String target;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String cookie;

  public ApiClient(String target) {
    this.target = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
  }

  /** Logs in; with a one-time password still to change, changes it to {@code newPassword} when given. */
  public void login(String email, String password, String newPassword) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", "/api/auth/login", Map.of("email", email, "password", password));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login as " + email + ": " + r.statusCode() + " " + r.body());
    }
    cookie = r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("whatatalk_session="))
        .map(c -> c.substring(0, c.indexOf(';') > 0 ? c.indexOf(';') : c.length())).findFirst()
        .orElseThrow(() -> new IllegalStateException("no session cookie in the login answer"));
    if (JSON.readTree(r.body()).path("user").path("mustChangePassword").asBoolean(false)) {
      if (newPassword == null || newPassword.isBlank()) {
        throw new IllegalStateException("the admin still has a one-time password: pass -DadminNewPassword=... once");
      }
      HttpResponse<String> c = send("POST", "/api/auth/password",
          Map.of("currentPassword", password, "newPassword", newPassword));
      if (c.statusCode() / 100 != 2) {
        throw new IllegalStateException("password change: " + c.statusCode() + " " + c.body());
      }
      login(email, newPassword, null);
    }
  }

  /** Adds a business number unless it is configured already. */
  public void ensurePhoneNumber(String phoneNumberId, String wabaId) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("phoneNumberId", phoneNumberId)
        .put("displayNumber", "+1 555 " + phoneNumberId.substring(phoneNumberId.length() - 7))
        .put("wabaId", wabaId).put("accessToken", "storm-" + phoneNumberId).put("mps", 80);
    HttpResponse<String> r = send("POST", "/api/phone-numbers", body);
    if (r.statusCode() != 201 && r.statusCode() != 409) {
      throw new IllegalStateException("add number " + phoneNumberId + ": " + r.statusCode() + " " + r.body());
    }
  }

  /** Sends a text; returns WhataTalk's message id. */
  public String sendText(String phoneNumberId, String customer, String text) throws IOException, InterruptedException {
    HttpResponse<String> r = send("POST", conversation(phoneNumberId, customer) + "/messages",
        Map.of("type", "text", "text", Map.of("body", text)));
    if (r.statusCode() != 202) {
      throw new IllegalStateException("send to " + customer + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body()).path("messageId").asText();
  }

  /** The whole history of a conversation, newest first (empty when the conversation is unknown). */
  public List<JsonNode> history(String phoneNumberId, String customer) throws IOException, InterruptedException {
    List<JsonNode> all = new java.util.ArrayList<>();
    String cursor = null;
    do {
      String path = conversation(phoneNumberId, customer) + "/messages?limit=100"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
      HttpResponse<String> r = send("GET", path, null);
      if (r.statusCode() == 404) {
        return all;
      }
      if (r.statusCode() != 200) {
        throw new IOException("history of " + customer + ": " + r.statusCode() + " " + r.body());
      }
      JsonNode page = JSON.readTree(r.body());
      page.path("messages").forEach(all::add);
      cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
    } while (cursor != null);
    return all;
  }

  /** POSTs a signed webhook body; returns the status code. */
  public int webhook(String body, String signature) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(target + "/webhooks/whatsapp"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .header("X-Hub-Signature-256", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String conversation(String phoneNumberId, String customer) {
    return "/api/conversations/" + phoneNumberId + "/" + customer;
  }

  /** Any call with the session: method, path (with query), a JSON body or null. */
  public HttpResponse<String> call(String method, String path, Object body) throws IOException, InterruptedException {
    return send(method, path, body);
  }

  /** {@link #call}, failing when the answer is not 2xx (a set-up step that must work). */
  public HttpResponse<String> callOk(String method, String path, Object body) throws IOException, InterruptedException {
    HttpResponse<String> r = send(method, path, body);
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
    }
    return r;
  }

  /** The session cookie ({@code whatatalk_session=...}) after {@link #login}. */
  public String cookie() {
    return cookie;
  }

  private HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : target + path)).timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
