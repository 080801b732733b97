package com.whatatalk.http.conversations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.media.CassandraMediaStore;
import com.whatatalk.engine.media.MediaStore;
import com.whatatalk.http.ApiCalls;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET}/{@code HEAD /api/media/{phoneNumberId}/{mediaId}} on the real app (one start for the
 * class) with the Cloud API simulator: what an agent uploads through {@code POST /api/media} comes
 * back byte for byte by the Meta id the upload answered, with the headers that keep a customer's
 * file from running on our origin; a file the inbound fetcher stores (here: stored directly under
 * its Meta id, as the fetcher does) is 404 until it is stored.
 */
@ExtendWith(CassandraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaDownloadRoutesTest {
  private static final String NUMBER = TestApp.PHONE_NUMBER_ID;
  /** A second configured number: the first one's media ids mean nothing under it. */
  private static final String OTHER = "106540352242999";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Over two of the store's 256 KiB chunks, so reads and ranges cross chunk boundaries. */
  private static final int MULTI_CHUNK = 600_000;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Random random = new Random(42);
  private CloudApiSimulator simulator;
  private TestApp app;
  private ApiCalls api;
  private String admin;
  private ApiCalls.Agent alice;
  private MediaStore store;

  @BeforeAll
  void start(CassandraNode cassandra) {
    int port = TestApp.freePort();
    simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
    app = TestApp.start(cassandra, CassandraExtension.uniqueKeyspace("media_download"), port, simulator, Map.of());
    api = new ApiCalls(app);
    admin = api.login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    ApiCalls.Reply number =
        api.call("POST", "/api/phone-numbers", admin,
            ApiCalls.json(
                "phoneNumberId", NUMBER, "displayNumber", "+1 555 010 0000", "wabaId", "102290129340398",
                "accessToken", simulator.settings().accessToken()));
    assertEquals(201, number.status(), number.raw());
    api.addNumber(admin, OTHER, "102290129340398");
    alice = api.agent(admin, "alice@example.com", "Alice");
    store = CassandraMediaStore.create(app.app.system());
  }

  @AfterAll
  void stop() {
    TestApp.close(app, simulator);
  }

  @Test
  void anUploadedFileComesBackByteForByteAndHeadTellsItsSize() {
    byte[] pdf = bytes(MULTI_CHUNK);
    String id = upload("application/pdf", "invoice 4521.pdf", pdf);

    HttpResponse<byte[]> got = request("GET", media(NUMBER, id), alice.cookie(), Map.of());
    assertEquals(200, got.statusCode());
    assertArrayEquals(pdf, got.body());
    assertEquals("application/pdf", header(got, "Content-Type"));
    assertEquals(String.valueOf(pdf.length), header(got, "Content-Length"));
    assertEquals("attachment; filename=\"invoice 4521.pdf\"", header(got, "Content-Disposition"));
    assertEquals("nosniff", header(got, "X-Content-Type-Options"));
    assertEquals("sandbox", header(got, "Content-Security-Policy"));
    assertTrue(header(got, "Cache-Control").matches("private, max-age=[1-9][0-9]*, immutable"), header(got, "Cache-Control"));
    assertEquals("bytes", header(got, "Accept-Ranges"));

    HttpResponse<byte[]> head = request("HEAD", media(NUMBER, id), alice.cookie(), Map.of());
    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
    for (String name :
        new String[] {"Content-Type", "Content-Length", "Content-Disposition", "X-Content-Type-Options", "Cache-Control"}) {
      assertEquals(header(got, name), header(head, name), name);
    }

    // An API client's bearer session reads it too.
    HttpResponse<byte[]> bearer =
        request("GET", media(NUMBER, id), null, Map.of("Authorization", "Bearer " + alice.cookie().split("=", 2)[1]));
    assertEquals(200, bearer.statusCode());
    assertArrayEquals(pdf, bearer.body());
  }

  @Test
  void imagesVideoAndAudioAreInlineAndEverythingScriptableAnAttachment() {
    byte[] jpeg = bytes(1_000);
    HttpResponse<byte[]> image = request("GET", media(NUMBER, upload("image/jpeg", "photo.jpg", jpeg)), alice.cookie(), Map.of());
    assertEquals(200, image.statusCode());
    assertEquals("image/jpeg", header(image, "Content-Type"));
    assertEquals("inline; filename=\"photo.jpg\"", header(image, "Content-Disposition"));

    byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(document.cookie)</script></svg>"
        .getBytes(StandardCharsets.UTF_8);
    // Not stored yet (the inbound fetcher has not copied it): 404, not cached.
    HttpResponse<byte[]> early = request("GET", media(NUMBER, "inbound-svg"), alice.cookie(), Map.of());
    assertEquals(404, early.statusCode());
    assertEquals("not_found", error(early));
    assertEquals("no-store", header(early, "Cache-Control"));
    storeInbound("inbound-svg", "image/svg+xml", "logo.svg", svg);
    HttpResponse<byte[]> image2 = request("GET", media(NUMBER, "inbound-svg"), alice.cookie(), Map.of());
    assertEquals(200, image2.statusCode());
    assertArrayEquals(svg, image2.body());
    assertEquals("image/svg+xml", header(image2, "Content-Type"));
    assertEquals("attachment; filename=\"logo.svg\"", header(image2, "Content-Disposition"));
    assertEquals("nosniff", header(image2, "X-Content-Type-Options"));

    storeInbound("inbound-html", "text/html", null, "<script>steal()</script>".getBytes(StandardCharsets.UTF_8));
    HttpResponse<byte[]> html = request("GET", media(NUMBER, "inbound-html"), alice.cookie(), Map.of());
    assertEquals(200, html.statusCode());
    assertEquals("attachment; filename=\"inbound-html\"", header(html, "Content-Disposition"), "no name: the media id");

    storeInbound("inbound-voice", "audio/ogg", null, bytes(3_000));
    HttpResponse<byte[]> voice = request("HEAD", media(NUMBER, "inbound-voice"), alice.cookie(), Map.of());
    assertEquals(200, voice.statusCode());
    assertEquals("3000", header(voice, "Content-Length"));
    assertTrue(header(voice, "Content-Disposition").startsWith("inline"), header(voice, "Content-Disposition"));
  }

  @Test
  void aSingleRangeIsAnsweredPartially() {
    byte[] video = bytes(MULTI_CHUNK);
    String url = media(NUMBER, upload("video/mp4", "clip.mp4", video));

    HttpResponse<byte[]> seek = request("GET", url, alice.cookie(), Map.of("Range", "bytes=300000-"));
    assertEquals(206, seek.statusCode());
    assertEquals("bytes 300000-599999/600000", header(seek, "Content-Range"));
    assertEquals("300000", header(seek, "Content-Length"));
    assertArrayEquals(Arrays.copyOfRange(video, 300_000, MULTI_CHUNK), seek.body());
    assertEquals("video/mp4", header(seek, "Content-Type"));

    HttpResponse<byte[]> across = request("GET", url, alice.cookie(), Map.of("Range", "bytes=262140-262150"));
    assertEquals(206, across.statusCode());
    assertArrayEquals(Arrays.copyOfRange(video, 262_140, 262_151), across.body(), "across a chunk boundary");
    HttpResponse<byte[]> tail = request("GET", url, alice.cookie(), Map.of("Range", "bytes=-100"));
    assertEquals("bytes 599900-599999/600000", header(tail, "Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(video, 599_900, MULTI_CHUNK), tail.body());
    HttpResponse<byte[]> pastTheEnd = request("GET", url, alice.cookie(), Map.of("Range", "bytes=0-999999"));
    assertEquals(206, pastTheEnd.statusCode());
    assertArrayEquals(video, pastTheEnd.body(), "a last byte past the end is the end");

    HttpResponse<byte[]> outside = request("GET", url, alice.cookie(), Map.of("Range", "bytes=600000-"));
    assertEquals(416, outside.statusCode());
    assertEquals("range_not_satisfiable", error(outside));
    assertEquals("bytes */600000", header(outside, "Content-Range"));

    HttpResponse<byte[]> several = request("GET", url, alice.cookie(), Map.of("Range", "bytes=0-9,100-109"));
    assertEquals(200, several.statusCode(), "several ranges: the whole file");
    assertArrayEquals(video, several.body());
  }

  @Test
  void onlySignedInUsersReadAndOnlyUnderTheNumberTheFileBelongsTo() {
    String id = upload("image/png", "secret.png", bytes(500));
    String url = media(NUMBER, id);

    for (String method : new String[] {"GET", "HEAD"}) {
      assertEquals(401, request(method, url, null, Map.of()).statusCode(), method);
    }
    HttpResponse<byte[]> anonymous = request("GET", url, null, Map.of());
    assertEquals("unauthenticated", error(anonymous));
    assertEquals(401, request("GET", url, null, Map.of("Authorization", "Bearer not-a-session")).statusCode());

    // A new agent who still holds the one-time password reads nothing yet.
    ApiCalls.Reply created = api.call("POST", "/api/agents", admin, ApiCalls.json("email", "bob@example.com", "displayName", "Bob"));
    assertEquals(201, created.status(), created.raw());
    String bob = api.login("bob@example.com", created.body().path("oneTimePassword").asText());
    HttpResponse<byte[]> unchanged = request("GET", url, bob, Map.of());
    assertEquals(403, unchanged.statusCode());
    assertEquals("password_change_required", error(unchanged));

    HttpResponse<byte[]> unknown = request("GET", media(NUMBER, "no-such-media"), alice.cookie(), Map.of());
    assertEquals(404, unknown.statusCode());
    assertEquals("not_found", error(unknown));
    assertEquals(404, request("HEAD", media(NUMBER, "no-such-media"), alice.cookie(), Map.of()).statusCode());
    HttpResponse<byte[]> otherNumber = request("GET", media(OTHER, id), alice.cookie(), Map.of());
    assertEquals(404, otherNumber.statusCode(), "a Meta media id belongs to one number");
    assertEquals("not_found", error(otherNumber));
    HttpResponse<byte[]> noNumber = request("GET", media("999", id), alice.cookie(), Map.of());
    assertEquals(404, noNumber.statusCode());
    assertEquals("not_found", error(noNumber));
  }

  // Helpers

  private byte[] bytes(int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  private static String media(String pnid, String mediaId) {
    return "/api/media/" + pnid + "/" + URLEncoder.encode(mediaId, StandardCharsets.UTF_8);
  }

  /** Uploads as Alice; the Meta media id the upload answered. */
  private String upload(String type, String filename, byte[] bytes) {
    HttpResponse<byte[]> r =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        app.url(
                            "/api/media?phoneNumberId=" + NUMBER + "&filename="
                                + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"))))
                .header("Content-Type", type)
                .header("Cookie", alice.cookie())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    return json(r).path("id").asText();
  }

  /** What the inbound fetcher does once it has copied a customer's file from Meta. */
  private void storeInbound(String metaId, String type, String filename, byte[] bytes) {
    store
        .store(
            new MediaStore.NewMedia(type, filename, Optional.empty(), Optional.of(new MediaStore.MetaKey(NUMBER, metaId)), 0),
            Source.single(ByteString.fromArray(bytes)))
        .toCompletableFuture()
        .orTimeout(30, java.util.concurrent.TimeUnit.SECONDS)
        .join();
  }

  private HttpResponse<byte[]> request(String method, String path, String cookie, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.url(path))).method(method, HttpRequest.BodyPublishers.noBody());
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    headers.forEach(b::header);
    return send(b);
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static JsonNode json(HttpResponse<byte[]> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String error(HttpResponse<byte[]> r) {
    return json(r).path("error").path("code").asText();
  }
}
