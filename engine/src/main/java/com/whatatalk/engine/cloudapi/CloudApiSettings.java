package com.whatatalk.engine.cloudapi;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.cloud-api} section of the configuration, read once (see {@code
 * reference.conf} for what each key means). Holds secrets: {@link #toString()} redacts them, and
 * nothing else in this package logs them.
 *
 * @param baseUrl Graph API root, without a trailing slash
 * @param apiVersion path prefix such as {@code v23.0}
 * @param appSecret signs webhooks ({@code X-Hub-Signature-256}); empty when not configured
 * @param verifyToken answers the webhook {@code hub.verify_token} handshake; empty when not set
 * @param defaultAccessToken used for numbers and WABAs without their own; empty when not set
 * @param accessTokens phone-number id to access token
 * @param wabaAccessTokens WABA id to access token (template listing); falls back to the default
 */
public record CloudApiSettings(
    String baseUrl,
    String apiVersion,
    String appSecret,
    String verifyToken,
    String defaultAccessToken,
    Map<String, String> accessTokens,
    Map<String, String> wabaAccessTokens,
    Duration requestTimeout,
    Duration mediaUploadTimeout,
    long maxResponseSize,
    long maxMediaSize,
    int templatePageSize,
    int maxConnections,
    int maxOpenRequests) {

  public static final String SECTION = "crm.engine.cloud-api";

  public CloudApiSettings {
    URI uri = URI.create(baseUrl);
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(SECTION + ".base-url must be an absolute URL");
    }
    baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    if (apiVersion == null || apiVersion.isBlank() || apiVersion.contains("/")) {
      throw new IllegalArgumentException(SECTION + ".api-version must look like v23.0");
    }
    appSecret = appSecret == null ? "" : appSecret;
    verifyToken = verifyToken == null ? "" : verifyToken;
    defaultAccessToken = defaultAccessToken == null ? "" : defaultAccessToken;
    accessTokens = Map.copyOf(accessTokens);
    wabaAccessTokens = Map.copyOf(wabaAccessTokens);
    positive("request-timeout", requestTimeout);
    positive("media-upload-timeout", mediaUploadTimeout);
    positive("max-response-size", maxResponseSize);
    positive("max-media-size", maxMediaSize);
    positive("template-page-size", templatePageSize);
    positive("max-connections", maxConnections);
    if (Integer.bitCount(maxOpenRequests) != 1) {
      // Pekko HTTP's pool requires it.
      throw new IllegalArgumentException(SECTION + ".max-open-requests must be a power of 2");
    }
  }

  /** Reads {@code crm.engine.cloud-api} from a whole (root) configuration. */
  public static CloudApiSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new CloudApiSettings(
        c.getString("base-url"),
        c.getString("api-version"),
        c.getString("app-secret"),
        c.getString("verify-token"),
        c.getString("default-access-token"),
        tokens(c, "access-tokens"),
        tokens(c, "waba-access-tokens"),
        c.getDuration("request-timeout"),
        c.getDuration("media-upload-timeout"),
        c.getBytes("max-response-size"),
        c.getBytes("max-media-size"),
        c.getInt("template-page-size"),
        c.getInt("max-connections"),
        c.getInt("max-open-requests"));
  }

  public static CloudApiSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  /** The token for a business number: its own, else the default; empty when neither is set. */
  public Optional<String> accessTokenFor(String phoneNumberId) {
    return tokenOrDefault(accessTokens.get(phoneNumberId));
  }

  /** The token for template management on a WABA: its own, else the default. */
  public Optional<String> accessTokenForWaba(String wabaId) {
    return tokenOrDefault(wabaAccessTokens.get(wabaId));
  }

  /** Whether any token is configured, i.e. whether real Meta calls can be made. */
  public boolean hasAccessTokens() {
    return !defaultAccessToken.isEmpty()
        || accessTokens.values().stream().anyMatch(t -> !t.isEmpty());
  }

  /** {@code base-url/api-version}, the root of every versioned call. */
  public String versionedBaseUrl() {
    return baseUrl + "/" + apiVersion;
  }

  @Override
  public String toString() {
    return "CloudApiSettings[baseUrl="
        + baseUrl
        + ", apiVersion="
        + apiVersion
        + ", appSecret="
        + redacted(appSecret)
        + ", verifyToken="
        + redacted(verifyToken)
        + ", defaultAccessToken="
        + redacted(defaultAccessToken)
        + ", accessTokens="
        + redacted(accessTokens)
        + ", wabaAccessTokens="
        + redacted(wabaAccessTokens)
        + ", requestTimeout="
        + requestTimeout
        + ", mediaUploadTimeout="
        + mediaUploadTimeout
        + ", maxResponseSize="
        + maxResponseSize
        + ", maxMediaSize="
        + maxMediaSize
        + ", templatePageSize="
        + templatePageSize
        + ", maxConnections="
        + maxConnections
        + ", maxOpenRequests="
        + maxOpenRequests
        + "]";
  }

  private Optional<String> tokenOrDefault(String own) {
    if (own != null && !own.isEmpty()) {
      return Optional.of(own);
    }
    return defaultAccessToken.isEmpty() ? Optional.empty() : Optional.of(defaultAccessToken);
  }

  // Keys are ids (quoted in HOCON, since phone-number ids are all digits); values are tokens.
  private static Map<String, String> tokens(Config c, String key) {
    Map<String, String> tokens = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getObject(key).entrySet()) {
      tokens.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
    }
    return tokens;
  }

  private static String redacted(String secret) {
    return secret.isEmpty() ? "<not set>" : "<redacted>";
  }

  private static String redacted(Map<String, String> tokens) {
    Map<String, String> shown = new TreeMap<>();
    tokens.forEach((id, token) -> shown.put(id, redacted(token)));
    return shown.toString();
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be positive");
    }
  }

  private static void positive(String key, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(SECTION + "." + key + " must be positive, was " + value);
    }
  }
}
