package com.whatatalk.engine.contacts;

import java.util.List;

/** Notes newest first; {@code nextCursor} null on the last page. */
public record NotesPage(List<ContactNote> notes, String nextCursor) {
  public NotesPage {
    notes = List.copyOf(notes);
  }
}
