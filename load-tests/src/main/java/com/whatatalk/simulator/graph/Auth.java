package com.whatatalk.simulator.graph;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Bearer-token check of every Graph call: wrong or missing token → 401 with code 190. */
public final class Auth {
  private final byte[] token;

  public Auth(String accessToken) {
    this.token = accessToken.getBytes(StandardCharsets.UTF_8);
  }

  public boolean valid(Optional<String> authorization) {
    return authorization
        .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
        .map(h -> MessageDigest.isEqual(h.substring(7).trim().getBytes(StandardCharsets.UTF_8),
            token))
        .orElse(false);
  }
}
