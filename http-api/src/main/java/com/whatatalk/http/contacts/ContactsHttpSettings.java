package com.whatatalk.http.contacts;

import com.typesafe.config.Config;

/** {@code whatatalk.contacts}, read once ({@code contacts.conf} says what each key means). */
public record ContactsHttpSettings(long maxBodyBytes, int defaultPageSize) {

  public static ContactsHttpSettings create(Config config) {
    Config c = config.getConfig("whatatalk.contacts");
    return new ContactsHttpSettings(c.getBytes("max-body-size"), c.getInt("default-page-size"));
  }
}
