package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Media upload → GET url → authenticated download, expiry, delete, and the §3.2 limits. */
class MediaTest extends SimulatorTestBase {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

  private TestHttp.Res upload(String type, byte[] bytes, String fileType) {
    return TestHttp.upload(sim.baseUrl() + "/v23.0/" + PN + "/media", TOKEN,
        Map.of("messaging_product", "whatsapp", "type", type), bytes, fileType, "f.bin");
  }

  @Test
  void uploadThenUrlThenDownloadOnlyWithTokenAndBeforeExpiry() {
    start("");
    TestHttp.Res up = upload("image/png", PNG, "image/png");
    assertEquals(200, up.status(), up.text());
    String id = up.json().path("id").asText();
    assertTrue(id.matches("\\d+"));

    JsonNode info = TestHttp.get(sim.baseUrl() + "/v23.0/" + id, TOKEN).json();
    assertEquals("whatsapp", info.path("messaging_product").asText());
    assertEquals("image/png", info.path("mime_type").asText());
    assertEquals(Integer.toString(PNG.length), info.path("file_size").asText());
    assertEquals(64, info.path("sha256").asText().length());
    assertEquals(id, info.path("id").asText());
    String url = info.path("url").asText();

    TestHttp.Res bytes = TestHttp.get(url, TOKEN);
    assertEquals(200, bytes.status());
    assertArrayEquals(PNG, bytes.bytes());
    assertTrue(bytes.contentType().startsWith("image/png"));
    assertEquals(404, TestHttp.get(url, null).status(), "download needs the bearer token");
    assertEquals(404, TestHttp.get(url, "wrong").status());

    sim.advanceClock(Duration.ofMinutes(5).plusSeconds(1));
    assertEquals(404, TestHttp.get(url, TOKEN).status(), "URLs live 5 minutes");
    String fresh = TestHttp.get(sim.baseUrl() + "/v23.0/" + id, TOKEN).json().path("url").asText();
    assertEquals(200, TestHttp.get(fresh, TOKEN).status());

    assertEquals(Json.object().put("success", true),
        TestHttp.delete(sim.baseUrl() + "/v23.0/" + id, TOKEN).json());
    assertEquals(404, TestHttp.get(fresh, TOKEN).status());
    TestHttp.Res gone = TestHttp.get(sim.baseUrl() + "/v23.0/" + id, TOKEN);
    assertEquals(33, gone.json().path("error").path("error_subcode").asInt());
  }

  @Test
  void mimeAndSizeLimitsGive131053() {
    start("");
    assertMetaError(upload("image/gif", PNG, "image/gif"), 131053);
    assertMetaError(upload("image/jpeg", new byte[5 * 1024 * 1024 + 1], "image/jpeg"), 131053);
    assertMetaError(upload("image/webp", new byte[500 * 1024 + 1], "image/webp"), 131053);
    assertMetaError(upload("image/png", PNG, "application/pdf"), 131053);
    assertEquals(200, upload("application/pdf", new byte[1024], "application/pdf").status());
    assertEquals(401, TestHttp.upload(sim.baseUrl() + "/v23.0/" + PN + "/media", "bad",
        Map.of("messaging_product", "whatsapp"), PNG, "image/png", "a.png").status());
  }

  @Test
  void sendingByUnknownOrUnsuitableMediaIdFailsByWebhookWith131053() {
    start("");
    String to = newCustomer();
    sim.customerSendsText(to, "hello");
    String pdf = upload("application/pdf", new byte[10], "application/pdf").json().path("id").asText();
    ObjectNode unknown = SendErrorsAndLimitsTest.base(to, "image");
    unknown.putObject("image").put("id", "123");
    String w1 = wamid(send(unknown));
    ObjectNode wrongKind = SendErrorsAndLimitsTest.base(to, "image");
    wrongKind.putObject("image").put("id", pdf);
    String w2 = wamid(send(wrongKind));
    ObjectNode ok = SendErrorsAndLimitsTest.base(to, "document");
    ok.putObject("document").put("id", pdf).put("filename", "invoice.pdf");
    String w3 = wamid(send(ok));
    assertEquals(131053, receiver.awaitStatus(w1, "failed").item().path("errors").path(0).path("code").asInt());
    assertEquals(131053, receiver.awaitStatus(w2, "failed").item().path("errors").path(0).path("code").asInt());
    receiver.awaitStatus(w3, "delivered");
  }
}
