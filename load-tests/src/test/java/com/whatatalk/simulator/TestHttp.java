package com.whatatalk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A blocking JDK HTTP client for the tests: real HTTP on loopback, no simulator classes. */
final class TestHttp {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private TestHttp() {}

  record Res(int status, byte[] bytes, String contentType) {
    JsonNode json() {
      return Json.parse(bytes);
    }

    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static Res post(String url, String token, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    return send(b, token);
  }

  static Res post(String url, String token, JsonNode body) {
    return post(url, token, Json.text(body));
  }

  static Res get(String url, String token) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
  }

  static Res delete(String url, String token) {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), token);
  }

  /** multipart/form-data with text fields and one file part, as curl -F does. */
  static Res upload(String url, String token, Map<String, String> fields, byte[] file,
      String fileContentType, String filename) {
    String boundary = "----sim" + System.nanoTime();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fields.forEach((k, v) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data;"
        + " name=\"" + k + "\"\r\n\r\n" + v + "\r\n").getBytes(StandardCharsets.UTF_8)));
    if (file != null) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
          + " filename=\"" + filename + "\"\r\nContent-Type: " + fileContentType + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(file);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
    return send(b, token);
  }

  private static Res send(HttpRequest.Builder b, String token) {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Res(r.statusCode(), r.body(),
          r.headers().firstValue("Content-Type").orElse(""));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
