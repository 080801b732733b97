package com.whatatalk.http;

import com.typesafe.config.Config;
import java.time.Duration;

/** {@code whatatalk.http}, read once. */
public record HttpSettings(String interfaceName, int port, Duration askTimeout) {
  public static HttpSettings create(Config config) {
    Config c = config.getConfig("whatatalk.http");
    return new HttpSettings(c.getString("interface"), c.getInt("port"), c.getDuration("ask-timeout"));
  }
}
