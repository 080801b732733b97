package com.whatatalk.http.auth;

import com.typesafe.config.Config;
import org.apache.pekko.http.javadsl.model.headers.SameSite;

/**
 * {@code whatatalk.auth}, read once.
 *
 * @param cookieName the session cookie
 * @param cookieSecure whether the cookie is sent over HTTPS only
 * @param sameSite the cookie's SameSite attribute
 * @param maxBodyBytes largest request body of these routes
 * @param trustedProxyHops reverse proxies in front of the app whose X-Forwarded-For is trusted
 */
public record AuthHttpSettings(
    String cookieName, boolean cookieSecure, SameSite sameSite, long maxBodyBytes, int trustedProxyHops) {

  public static AuthHttpSettings create(Config config) {
    Config c = config.getConfig("whatatalk.auth");
    return new AuthHttpSettings(
        c.getString("cookie.name"),
        c.getBoolean("cookie.secure"),
        SameSite.valueOf(c.getString("cookie.same-site")),
        c.getBytes("max-body-size"),
        c.getInt("trusted-proxy-hops"));
  }
}
