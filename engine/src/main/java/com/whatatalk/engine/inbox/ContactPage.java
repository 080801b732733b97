package com.whatatalk.engine.inbox;

import java.util.List;

/** A page of contact search results, by name; {@code nextCursor} is null on the last page. */
public record ContactPage(List<ContactMatch> contacts, String nextCursor) {
  public ContactPage {
    contacts = List.copyOf(contacts);
  }
}
