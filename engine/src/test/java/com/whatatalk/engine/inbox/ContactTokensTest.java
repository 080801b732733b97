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
  void indexesEveryWordPrefixAndPhonePrefixesWithAndWithoutTheCountryCode() {
    Set<String> tokens = ContactTokens.tokens("Sheena Nelson", "16505551234");
    assertTrue(tokens.containsAll(List.of("n:s", "n:she", "n:sheena", "n:n", "n:nel", "n:nelson")));
    assertTrue(tokens.containsAll(List.of("p:165", "p:16505551234", "p:650", "p:6505551234")));
    assertFalse(tokens.contains("p:16"), "phone prefixes start at 3 digits");
    assertFalse(tokens.contains("n:ee"), "only word prefixes");
    assertTrue(ContactTokens.tokens("Bartholomew-Maximilian", null).contains("n:bartholomew"));
    assertFalse(ContactTokens.tokens("Bartholomew-Maximilian", null).contains("n:bartholomewx"));
    assertTrue(ContactTokens.tokens("Maximilianusz", null).contains("n:maximilianus"));
    assertFalse(ContactTokens.tokens("Maximilianusz", null).contains("n:maximilianusz"), "12 max");
  }

  @Test
  void parsesQueries() {
    assertEquals("n:nelson", ContactTokens.parse("she NELSON").token());
    assertEquals("n:maximilianus", ContactTokens.parse("maximilianusz").token());
    assertTrue(ContactTokens.parse("maximilianusz").matches("Maximilianusz Nowak", null));
    assertFalse(ContactTokens.parse("maximilianusx").matches("Maximilianusz Nowak", null));
    assertEquals("p:6505551234", ContactTokens.parse("(650) 555-1234").token());
    assertEquals("p:1650555", ContactTokens.parse("+1 650 555").token());
    assertTrue(ContactTokens.parse("+1 650 555").matches(null, "16505551234"));
    assertTrue(ContactTokens.parse("650 555").matches(null, "16505551234"));
    assertFalse(ContactTokens.parse("555 1234").matches(null, "16505551234"));
    assertNull(ContactTokens.parse("+1"));
    assertNull(ContactTokens.parse(" - "));
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
