package com.whatatalk.http.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private final WebhookSignature signature = new WebhookSignature("app-secret");
  private final byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void matchesAnHmacComputedIndependently() {
    // echo -n '{"object":"whatsapp_business_account"}' | openssl dgst -sha256 -hmac app-secret
    assertEquals(
        "sha256=0bf7374433906636bed1653bc7c64affb42fa5da9a39e251ab95c2e3a9c06923",
        signature.sign(body));
    assertTrue(signature.isValid(signature.sign(body), body));
  }

  @Test
  void acceptsUppercaseHex() {
    String header = signature.sign(body);
    assertTrue(signature.isValid("sha256=" + header.substring(7).toUpperCase(), body));
  }

  @Test
  void refusesMissingMalformedAndForgedSignatures() {
    String valid = signature.sign(body);
    assertFalse(signature.isValid(null, body));
    assertFalse(signature.isValid("", body));
    assertFalse(signature.isValid(valid.substring(7), body), "without the sha256= prefix");
    assertFalse(signature.isValid("sha256=zz", body), "not hex");
    assertFalse(signature.isValid(new WebhookSignature("other-secret").sign(body), body));
    byte[] tampered = "{\"object\":\"whatsapp_business_accounT\"}".getBytes(StandardCharsets.UTF_8);
    assertFalse(signature.isValid(valid, tampered));
  }
}
