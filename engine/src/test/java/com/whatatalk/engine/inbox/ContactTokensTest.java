package com.whatatalk.engine.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.MessageContent;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The search index keys and the list previews, without Cassandra. */
class ContactTokensTest {

  @Test
  void indexesEachWordAndThePhoneWithAndWithoutTheCountryCode() {
    Set<String> tokens = ContactTokens.tokens("Sheena Nelson", "16505551234");
    assertEquals(
        Set.of("n:sheena", "n:nelson", "p:16505551234", "p:6505551234", "p:505551234", "p:05551234"),
        tokens);
    assertEquals(
        Set.of("p:123"),
        ContactTokens.tokens(null, "123"),
        "what is left after a country code must still fill a partition");
    assertEquals("n:sh", ContactTokens.partition("n:sheena"));
    assertEquals("p:165", ContactTokens.partition("p:16505551234"));
    assertEquals("sheena", ContactTokens.word("n:sheena"));
    assertEquals("n:j", ContactTokens.partition("n:j"), "a one-letter word is its own partition");
  }

  @Test
  void parsesQueriesIntoAWordRange() {
    ContactTokens.Query nelson = ContactTokens.parse("she NELSON");
    assertEquals("n:ne", nelson.partition());
    assertEquals("nelson", nelson.from());
    assertEquals("nelsoo", nelson.until());
    assertTrue(nelson.matches("Sheena Nelson", null));
    assertFalse(nelson.matches("Nelson Piquet", null), "every query word must begin a word");
    assertTrue(ContactTokens.parse("maximilianusz").matches("Maximilianusz Nowak", null));
    assertFalse(ContactTokens.parse("maximilianusx").matches("Maximilianusz Nowak", null));
    ContactTokens.Query phone = ContactTokens.parse("(650) 555-1234");
    assertEquals("p:650", phone.partition());
    assertEquals("6505551234", phone.from());
    assertEquals("6505551235", phone.until());
    assertEquals("1650555", ContactTokens.parse("+1 650 555").from());
    assertTrue(ContactTokens.parse("+1 650 555").matches(null, "16505551234"));
    assertTrue(ContactTokens.parse("650 555").matches(null, "16505551234"));
    assertFalse(ContactTokens.parse("555 1234").matches(null, "16505551234"));
    assertNull(ContactTokens.parse("+1"));
    assertNull(ContactTokens.parse(" - "));
    assertNull(ContactTokens.parse("m"), "one letter is not a search");
    assertEquals(List.of("jose", "luis", "nunez"), ContactTokens.words("José-Luis Núñez"));
  }

  @Test
  void previewsEachKindOnOneLine() {
    assertEquals("📷 Photo", Previews.of(MessageContent.Media.byId(MessageContent.MediaKind.IMAGE, "m", null)));
    assertEquals("📷 Look", Previews.of(MessageContent.Media.byId(MessageContent.MediaKind.IMAGE, "m", "Look")));
    assertEquals("📄 Document: a.pdf", Previews.of(MessageContent.Media.document("m", null, "a.pdf")));
    assertEquals("Reacted 👍", Previews.of(new MessageContent.Reaction("w", "👍")));
    assertEquals("Template: order_update", Previews.of(new MessageContent.Template("order_update", "en", List.of())));
    assertEquals("two lines", Previews.of(MessageContent.Text.of("two\n  lines")));
    String longText = "x".repeat(500);
    assertEquals(Previews.MAX_LENGTH, Previews.of(MessageContent.Text.of(longText)).length());
  }
}
