package com.whatatalk.engine.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.cloudapi.TemplateDefinition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  @Test
  void positionalPlaceholdersAreDistinctAndInNumberOrder() {
    assertEquals(
        List.of("1", "2", "10"),
        Placeholders.parse("{{2}} then {{10}}, {{1}} and {{2}} again, {{ 1 }}"));
  }

  @Test
  void namedPlaceholdersKeepTheirFirstAppearanceOrder() {
    assertEquals(
        List.of("number_of_guests", "day", "date"),
        Placeholders.parse("For {{number_of_guests}} on {{day}}, {{date}}; {{day}} again"));
  }

  @Test
  void textWithoutPlaceholdersOrWithBrokenOnesHasNone() {
    assertEquals(List.of(), Placeholders.parse(null));
    assertEquals(List.of(), Placeholders.parse("Hello World"));
    assertEquals(List.of(), Placeholders.parse("{1} {{}} {{first name}} {{-1}}"));
  }

  @Test
  void aTemplateHasPlaceholdersPerHeaderBodyAndUrlButton() {
    TemplateDefinition d =
        new TemplateDefinition(
            "42",
            "coupon",
            "en",
            "MARKETING",
            "APPROVED",
            null,
            List.of(
                new TemplateDefinition.Component("HEADER", "TEXT", "Act fast, {{1}}!", null),
                new TemplateDefinition.Component("BODY", null, "Code {{1}} expires in {{2}} days", null),
                new TemplateDefinition.Component("FOOTER", null, "Lucky Shrub", null),
                new TemplateDefinition.Component(
                    "BUTTONS",
                    null,
                    null,
                    List.of(
                        new TemplateDefinition.Button("QUICK_REPLY", "Stop {{1}}", null, null),
                        new TemplateDefinition.Button("URL", "See", "https://x.example/{{1}}", null)))));
    Template t = Template.of("waba", d, Instant.EPOCH);
    assertEquals("POSITIONAL", t.parameterFormat());
    assertEquals(List.of("1"), t.placeholders("HEADER"));
    assertEquals(List.of("1", "2"), t.placeholders("body"));
    assertEquals(List.of(), t.placeholders("FOOTER"));
    Template.Component buttons = t.components().get(3);
    assertEquals(List.of(), buttons.buttons().get(0).placeholders()); // quick replies take none
    assertEquals(1, buttons.buttons().get(1).index());
    assertEquals(List.of("1"), buttons.buttons().get(1).placeholders());
    assertTrue(t.sendable());
    assertFalse(
        Template.of("waba", new TemplateDefinition("1", "n", "en", "UTILITY", "paused", "NAMED", null), Instant.EPOCH)
            .sendable());
  }
}
