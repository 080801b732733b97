package com.whatatalk.http.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.conversation.MessageContent.ButtonSubType;
import com.whatatalk.engine.conversation.MessageContent.ComponentType;
import com.whatatalk.engine.conversation.MessageContent.CurrencyParameter;
import com.whatatalk.engine.conversation.MessageContent.DateTimeParameter;
import com.whatatalk.engine.conversation.MessageContent.LocationParameter;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.MediaParameter;
import com.whatatalk.engine.conversation.MessageContent.PayloadParameter;
import com.whatatalk.engine.conversation.MessageContent.TemplateComponent;
import com.whatatalk.engine.conversation.MessageContent.TemplateParameter;
import com.whatatalk.engine.conversation.MessageContent.TextParameter;
import com.whatatalk.engine.templates.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The send-time checks of a template send against the library's template, field by field. */
class TemplateChecksTest {
  private static final Template.Component BODY_1_2 = body(List.of("1", "2"));
  private static final Template.Component IMAGE_HEADER = new Template.Component("HEADER", "IMAGE", null, null, null);

  // Parameters vs placeholders

  @Test
  void aSendThatFitsHasNoProblems() {
    Template t = template("POSITIONAL", textHeader(List.of("1")), BODY_1_2, urlButtons(true));
    assertEquals(
        Map.of(),
        TemplateChecks.check(
            send(
                header(text("Ann")),
                body(text("Ann"), new CurrencyParameter(null, "$10", "USD", 10_000)),
                url(0, text("order/42"))),
            t));
    // Currency and date_time fill text placeholders too.
    assertEquals(
        Map.of(),
        TemplateChecks.check(
            send(body(new DateTimeParameter(null, "May 1"), text("x"))), template("POSITIONAL", BODY_1_2)));
  }

  @Test
  void missingBodyOrTooFewParametersAreNamedWithTheirCount() {
    Template t = template("POSITIONAL", BODY_1_2);
    assertEquals(
        Map.of("template.components", "the body has 2 placeholders ({{1}}, {{2}}): add a body component with 2 parameters"),
        TemplateChecks.check(send(), t));
    assertEquals(
        Map.of("template.components[0].parameters", "the body has 2 placeholders ({{1}}, {{2}}); 1 parameter given"),
        TemplateChecks.check(send(body(text("only one"))), t));
  }

  @Test
  void extraParametersAreRefused() {
    assertEquals(
        Map.of("template.components[0].parameters", "the body has 2 placeholders ({{1}}, {{2}}); 3 parameters given"),
        TemplateChecks.check(send(body(text("a"), text("b"), text("c"))), template("POSITIONAL", BODY_1_2)));
    assertEquals(
        Map.of("template.components[0].parameters", "the body has no placeholders; 1 parameter given"),
        TemplateChecks.check(send(body(text("a"))), template("POSITIONAL", body(List.of()))));
    assertEquals(
        Map.of("template.components[0]", "this template has no header"),
        TemplateChecks.check(send(header(text("a")), body(text("a"), text("b"))), template("POSITIONAL", BODY_1_2)));
  }

  @Test
  void aTextPlaceholderTakesNoMediaLocationOrPayload() {
    Template t = template("POSITIONAL", BODY_1_2);
    Map<String, String> problems =
        TemplateChecks.check(send(body(image(), new PayloadParameter(null, "p"))), t);
    assertEquals(
        Map.of(
            "template.components[0].parameters[0].type", "the body's placeholders take text, currency or date_time parameters",
            "template.components[0].parameters[1].type", "the body's placeholders take text, currency or date_time parameters"),
        problems);
  }

  @Test
  void namedParametersMustNameThePlaceholdersAndPositionalOnesMustNot() {
    Template named = template("NAMED", body(List.of("first_name", "order")));
    assertEquals(
        Map.of(),
        TemplateChecks.check(send(body(new TextParameter("order", "42"), new TextParameter("first_name", "Ann"))), named));
    Map<String, String> problems =
        TemplateChecks.check(send(body(text("Ann"), new TextParameter("total", "42"))), named);
    assertEquals(
        "required: this template's parameters are named (first_name, order)",
        problems.get("template.components[0].parameters[0].parameter_name"));
    assertEquals(
        "the body has no {{total}}; its placeholders: first_name, order",
        problems.get("template.components[0].parameters[1].parameter_name"));
    assertEquals(
        Map.of(
            "template.components[0].parameters[0].parameter_name",
            "this template's parameters are positional ({{1}}, {{2}}...): leave parameter_name out"),
        TemplateChecks.check(send(body(new TextParameter("1", "a"), text("b"))), template("POSITIONAL", BODY_1_2)));
  }

  // Header media

  @Test
  void aMediaHeaderNeedsOneParameterOfItsKind() {
    Template t = template("POSITIONAL", IMAGE_HEADER, body(List.of()));
    assertEquals(Map.of(), TemplateChecks.check(send(header(image())), t));
    assertEquals(
        Map.of("template.components", "the template's header is an image: add a header component with one image parameter"),
        TemplateChecks.check(send(), t));
    assertEquals(
        Map.of("template.components[0].parameters[0].type", "the template's header is an image, so the parameter is an image"),
        TemplateChecks.check(send(header(new MediaParameter(null, MediaKind.VIDEO, "m1", null, null))), t));
    assertEquals(
        Map.of("template.components[0].parameters[0].type", "the template's header is an image, so the parameter is an image"),
        TemplateChecks.check(send(header(text("not a picture"))), t));
    assertEquals(
        Map.of("template.components[0].parameters", "the template's header is an image: one image parameter, 2 given"),
        TemplateChecks.check(send(header(image(), image())), t));
    Template location = template("POSITIONAL", new Template.Component("HEADER", "LOCATION", null, null, null));
    assertEquals(
        Map.of(),
        TemplateChecks.check(send(header(new LocationParameter(null, 37.4, -122.1, "Philz", "Forest Ave"))), location));
  }

  @Test
  void aTextHeaderPlaceholderIsCheckedLikeTheBody() {
    Template t = template("POSITIONAL", textHeader(List.of("1")), body(List.of()));
    assertEquals(
        Map.of("template.components", "the header has 1 placeholder ({{1}}): add a header component with one parameter"),
        TemplateChecks.check(send(), t));
    assertEquals(
        Map.of("template.components[0].parameters[0].type", "the header's placeholders take text, currency or date_time parameters"),
        TemplateChecks.check(send(header(image())), t));
  }

  // Buttons

  @Test
  void aUrlButtonWithAPlaceholderNeedsItsTextParameter() {
    Template t = template("POSITIONAL", body(List.of()), urlButtons(true));
    assertEquals(
        Map.of("template.components", "button 0 (URL) has a placeholder in its link: add a button component with"
            + " sub_type url, index 0 and one text parameter"),
        TemplateChecks.check(send(), t));
    assertEquals(Map.of(), TemplateChecks.check(send(url(0, text("order/42"))), t));
    assertEquals(
        Map.of("template.components[0].parameters", "button 0's link has one placeholder: one text parameter, the end of the link"),
        TemplateChecks.check(send(url(0, new PayloadParameter(null, "x"))), t));
    assertEquals(
        Map.of("template.components[0].parameters", "button 0's link has one placeholder: one text parameter, the end of the link"),
        TemplateChecks.check(send(url(0, text("a"), text("b"))), t));
  }

  @Test
  void buttonComponentsMustNameAButtonOfTheirType() {
    Template t = template("POSITIONAL", body(List.of()), urlButtons(false));
    assertEquals(
        Map.of("template.components[0]", "button 0's link has no placeholder: leave this component out"),
        TemplateChecks.check(send(url(0, text("x"))), t));
    assertEquals(
        Map.of("template.components[0].sub_type", "button 1 of this template is QUICK_REPLY, not url"),
        TemplateChecks.check(send(url(1, text("x"))), t));
    assertEquals(Map.of(), TemplateChecks.check(send(quickReply(1, "stop")), t));
    assertEquals(
        Map.of("template.components[0].index", "this template has 2 buttons (index 0 to 1)"),
        TemplateChecks.check(send(quickReply(2, "stop")), t));
    assertEquals(
        Map.of("template.components[0].index", "this template has no buttons"),
        TemplateChecks.check(send(quickReply(0, "stop")), template("POSITIONAL", body(List.of()))));
  }

  @Test
  void severalProblemsOnOneFieldAreAllKept() {
    Template t = template("POSITIONAL", IMAGE_HEADER, BODY_1_2);
    String problem = TemplateChecks.check(send(), t).get("template.components");
    assertTrue(problem.contains("header is an image") && problem.contains("the body has 2 placeholders"), problem);
  }

  @Test
  void onlyApprovedTemplatesAreSendable() {
    assertNull(TemplateChecks.notSendable(template("POSITIONAL", BODY_1_2)));
    Template paused =
        new Template("waba", "id", "order_update", "en_US", "UTILITY", "PAUSED", "POSITIONAL", List.of(), Instant.EPOCH);
    assertEquals(
        "order_update (en_US) is PAUSED at Meta; only APPROVED templates can be sent", TemplateChecks.notSendable(paused));
  }

  // Helpers

  private static Template template(String format, Template.Component... components) {
    return new Template(
        "waba", "id-1", "order_update", "en_US", "UTILITY", Template.APPROVED, format, List.of(components), Instant.EPOCH);
  }

  private static Template.Component body(List<String> placeholders) {
    return new Template.Component("BODY", null, "text", placeholders, null);
  }

  private static Template.Component textHeader(List<String> placeholders) {
    return new Template.Component("HEADER", "TEXT", "Hello {{1}}", placeholders, null);
  }

  /** Button 0 a URL (with a {{1}} suffix or not), button 1 a quick reply. */
  private static Template.Component urlButtons(boolean placeholder) {
    return new Template.Component(
        "BUTTONS", null, null, null,
        List.of(
            new Template.Button(0, "URL", "Track", "https://example.com/" + (placeholder ? "{{1}}" : "track"), null,
                placeholder ? List.of("1") : List.of()),
            new Template.Button(1, "QUICK_REPLY", "Stop", null, null, List.of())));
  }

  private static MessageContent.Template send(TemplateComponent... components) {
    return new MessageContent.Template("order_update", "en_US", List.of(components));
  }

  private static TemplateComponent header(TemplateParameter... parameters) {
    return new TemplateComponent(ComponentType.HEADER, null, null, List.of(parameters));
  }

  private static TemplateComponent body(TemplateParameter... parameters) {
    return new TemplateComponent(ComponentType.BODY, null, null, List.of(parameters));
  }

  private static TemplateComponent url(int index, TemplateParameter... parameters) {
    return new TemplateComponent(ComponentType.BUTTON, ButtonSubType.URL, index, List.of(parameters));
  }

  private static TemplateComponent quickReply(int index, String payload) {
    return new TemplateComponent(
        ComponentType.BUTTON, ButtonSubType.QUICK_REPLY, index, List.of(new PayloadParameter(null, payload)));
  }

  private static TextParameter text(String value) {
    return new TextParameter(null, value);
  }

  private static MediaParameter image() {
    return new MediaParameter(null, MediaKind.IMAGE, "media-1", null, null);
  }
}
