package com.whatatalk.engine.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudApiSettingsTest {

  private static CloudApiSettings load(String overrides) {
    Config config =
        ConfigFactory.parseString(overrides)
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    return CloudApiSettings.create(config);
  }

  @Test
  void readsTheDocumentedDefaults() {
    CloudApiSettings s = load("");
    assertEquals("https://graph.facebook.com", s.baseUrl());
    assertEquals("v23.0", s.apiVersion());
    assertEquals("https://graph.facebook.com/v23.0", s.versionedBaseUrl());
    assertEquals(Duration.ofSeconds(10), s.requestTimeout());
    assertEquals(100L * 1024 * 1024, s.maxMediaSize());
    assertEquals(100, s.templatePageSize());
    assertEquals(Map.of(), s.accessTokens());
  }

  @Test
  void picksTheNumbersOwnTokenElseTheDefault() {
    CloudApiSettings s =
        load(
            """
            crm.engine.cloud-api {
              base-url = "http://127.0.0.1:9999/"
              default-access-token = "EAA-default"
              access-tokens { "106540352242922" = "EAA-number" }
              waba-access-tokens { "102290129340398" = "EAA-waba" }
            }\
            """);
    assertEquals("http://127.0.0.1:9999", s.baseUrl());
    assertEquals(Optional.of("EAA-number"), s.accessTokenFor("106540352242922"));
    assertEquals(Optional.of("EAA-default"), s.accessTokenFor("999"));
    assertEquals(Optional.of("EAA-waba"), s.accessTokenForWaba("102290129340398"));
    assertEquals(Optional.of("EAA-default"), s.accessTokenForWaba("1"));
    assertTrue(s.hasAccessTokens());
  }

  @Test
  void hasNoTokenWhenNoneIsConfigured() {
    CloudApiSettings s = load("crm.engine.cloud-api.default-access-token = \"\"");
    assertEquals(Optional.empty(), s.accessTokenFor("106540352242922"));
    assertFalse(s.hasAccessTokens());
  }

  @Test
  void neverPrintsSecrets() {
    CloudApiSettings s =
        load(
            """
            crm.engine.cloud-api {
              app-secret = "s3cr3t-app"
              verify-token = "s3cr3t-verify"
              default-access-token = "s3cr3t-default"
              access-tokens { "106540352242922" = "s3cr3t-number" }
            }\
            """);
    String printed = s.toString();
    assertFalse(printed.contains("s3cr3t"), printed);
    assertTrue(printed.contains("106540352242922=<redacted>"), printed);
    assertTrue(printed.contains("appSecret=<redacted>"), printed);
  }

  @Test
  void refusesAPoolSizePekkoWouldRefuse() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> load("crm.engine.cloud-api.max-open-requests = 100"));
    assertTrue(e.getMessage().contains("max-open-requests"));
  }
}
