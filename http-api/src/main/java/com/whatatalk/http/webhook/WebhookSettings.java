package com.whatatalk.http.webhook;

import com.typesafe.config.Config;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The webhook endpoint's path ({@code whatatalk.webhook.path}) and Meta app secrets
 * ({@code crm.engine.cloud-api.app-secret} and {@code verify-token}), read once. Without a configured app secret or verify token (the local
 * run against the simulator) a random one is made for this process, so no guessable default can
 * ever sign a webhook; {@link #generated()} tells the caller to hand them to the simulator.
 */
public record WebhookSettings(String path, String appSecret, String verifyToken, boolean generated) {

  public static WebhookSettings create(Config config) {
    Config meta = config.getConfig("crm.engine.cloud-api");
    String secret = meta.getString("app-secret");
    String token = meta.getString("verify-token");
    boolean generated = secret.isEmpty() || token.isEmpty();
    return new WebhookSettings(
        config.getString("whatatalk.webhook.path"),
        secret.isEmpty() ? random() : secret,
        token.isEmpty() ? random() : token,
        generated);
  }

  private static String random() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "WebhookSettings[path=" + path + ", appSecret=***, verifyToken=***, generated=" + generated + "]";
  }
}
