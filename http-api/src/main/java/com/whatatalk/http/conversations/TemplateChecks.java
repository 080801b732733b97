package com.whatatalk.http.conversations;

import com.whatatalk.engine.conversation.MessageContent;
import com.whatatalk.engine.conversation.MessageContent.ComponentType;
import com.whatatalk.engine.conversation.MessageContent.CurrencyParameter;
import com.whatatalk.engine.conversation.MessageContent.DateTimeParameter;
import com.whatatalk.engine.conversation.MessageContent.LocationParameter;
import com.whatatalk.engine.conversation.MessageContent.MediaParameter;
import com.whatatalk.engine.conversation.MessageContent.TemplateComponent;
import com.whatatalk.engine.conversation.MessageContent.TemplateParameter;
import com.whatatalk.engine.conversation.MessageContent.TextParameter;
import com.whatatalk.engine.templates.Template;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A template send against the library's template, before it is queued: Meta would refuse a
 * mismatch only when the message goes out (132000 parameter count, 132012 parameter format), after
 * the agent was told it was queued. The checks are Meta's send-time ones: per component (header,
 * body, each button) as many parameters as the template has placeholders, named parameters for a
 * {@code NAMED} template with exactly its names and none for a {@code POSITIONAL} one, text,
 * currency or date_time parameters for text placeholders, one parameter of the header's kind for a
 * media header, and button components only for buttons the template has, of their type (one text
 * parameter for a URL button's placeholder). Problems are keyed by the request's JSON paths. Pure.
 */
final class TemplateChecks {
  private static final Set<String> MEDIA_HEADERS = Set.of("IMAGE", "VIDEO", "DOCUMENT", "LOCATION");

  private TemplateChecks() {}

  /** Why a template found in the library cannot be sent; null when it can. */
  static String notSendable(Template template) {
    if (template.sendable()) {
      return null;
    }
    return template.name() + " (" + template.language() + ") is " + template.status()
        + " at Meta; only APPROVED templates can be sent";
  }

  /** Everything in {@code send} that does not fit {@code template}; empty when it fits. */
  static Map<String, String> check(MessageContent.Template send, Template template) {
    Map<String, String> problems = new LinkedHashMap<>();
    boolean named = "NAMED".equals(template.parameterFormat());
    Template.Component header = component(template, "HEADER");
    Template.Component buttons = component(template, "BUTTONS");
    List<Template.Button> templateButtons = buttons == null ? List.of() : buttons.buttons();
    boolean sentHeader = false;
    boolean sentBody = false;
    Set<Integer> sentButtons = new HashSet<>();
    List<TemplateComponent> components = send.components();
    for (int i = 0; i < components.size(); i++) {
      TemplateComponent c = components.get(i);
      String f = "template.components[" + i + "]";
      if (c.type() == ComponentType.HEADER) {
        sentHeader = true;
        if (header == null) {
          add(problems, f, "this template has no header");
        } else if (isMediaHeader(header)) {
          mediaHeader(problems, f, header.format(), c.parameters());
        } else {
          textParameters(problems, f, "header", header.placeholders(), named, c.parameters());
        }
      } else if (c.type() == ComponentType.BODY) {
        sentBody = true;
        textParameters(problems, f, "body", template.placeholders("BODY"), named, c.parameters());
      } else if (c.type() == ComponentType.BUTTON && c.index() != null) {
        sentButtons.add(c.index());
        button(problems, f, c, templateButtons);
      }
    }
    if (!sentHeader && header != null) {
      if (isMediaHeader(header)) {
        String kind = header.format().toLowerCase(Locale.ROOT);
        add(problems, "template.components",
            "the template's header is " + article(kind) + " " + kind + ": add a header component with one "
                + kind + " parameter");
      } else if (!header.placeholders().isEmpty()) {
        add(problems, "template.components", missing("header", header.placeholders()));
      }
    }
    if (!sentBody && !template.placeholders("BODY").isEmpty()) {
      add(problems, "template.components", missing("body", template.placeholders("BODY")));
    }
    for (Template.Button b : templateButtons) {
      if (isUrl(b) && !b.placeholders().isEmpty() && !sentButtons.contains(b.index())) {
        add(problems, "template.components",
            "button " + b.index() + " (URL) has a placeholder in its link: add a button component with"
                + " sub_type url, index " + b.index() + " and one text parameter");
      }
    }
    return problems;
  }

  private static void textParameters(
      Map<String, String> problems,
      String f,
      String where,
      List<String> placeholders,
      boolean named,
      List<TemplateParameter> given) {
    if (given.size() != placeholders.size()) {
      add(problems, f + ".parameters",
          "the " + where + " has " + count(placeholders) + "; " + given.size()
              + (given.size() == 1 ? " parameter" : " parameters") + " given");
    }
    for (int j = 0; j < given.size(); j++) {
      if (!isTextLike(given.get(j))) {
        // Meta fills a text placeholder with text, currency or date_time only (132012).
        add(problems, f + ".parameters[" + j + "].type",
            "the " + where + "'s placeholders take text, currency or date_time parameters");
      }
      String name = given.get(j).name();
      String pf = f + ".parameters[" + j + "].parameter_name";
      if (named && name == null) {
        add(problems, pf, "required: this template's parameters are named (" + String.join(", ", placeholders) + ")");
      } else if (named && !placeholders.contains(name)) {
        add(problems, pf,
            "the " + where + " has no {{" + name + "}}"
                + (placeholders.isEmpty() ? "" : "; its placeholders: " + String.join(", ", placeholders)));
      } else if (!named && name != null) {
        add(problems, pf, "this template's parameters are positional ({{1}}, {{2}}...): leave parameter_name out");
      }
    }
  }

  private static void mediaHeader(
      Map<String, String> problems, String f, String format, List<TemplateParameter> given) {
    String kind = format.toLowerCase(Locale.ROOT);
    if (given.size() != 1) {
      add(problems, f + ".parameters",
          "the template's header is " + article(kind) + " " + kind + ": one " + kind + " parameter, "
              + given.size() + " given");
      return;
    }
    TemplateParameter p = given.get(0);
    String sent =
        p instanceof MediaParameter m && m.kind() != null
            ? m.kind().name().toLowerCase(Locale.ROOT)
            : p instanceof LocationParameter ? "location" : null;
    if (!kind.equals(sent)) {
      add(problems, f + ".parameters[0].type",
          "the template's header is " + article(kind) + " " + kind + ", so the parameter is " + article(kind)
              + " " + kind);
    }
  }

  private static void button(
      Map<String, String> problems, String f, TemplateComponent c, List<Template.Button> buttons) {
    int index = c.index();
    if (index >= buttons.size()) {
      add(problems, f + ".index",
          buttons.isEmpty()
              ? "this template has no buttons"
              : "this template has " + buttons.size() + (buttons.size() == 1 ? " button (index 0)" : " buttons (index 0 to " + (buttons.size() - 1) + ")"));
      return;
    }
    Template.Button b = buttons.get(index);
    if (c.subType() != null && !c.subType().name().equalsIgnoreCase(b.type())) {
      add(problems, f + ".sub_type",
          "button " + index + " of this template is " + b.type() + ", not " + c.subType().name().toLowerCase(Locale.ROOT));
    } else if (isUrl(b) && b.placeholders().isEmpty()) {
      add(problems, f, "button " + index + "'s link has no placeholder: leave this component out");
    } else if (isUrl(b)
        && (c.parameters().size() != 1 || !(c.parameters().get(0) instanceof TextParameter))) {
      add(problems, f + ".parameters",
          "button " + index + "'s link has one placeholder: one text parameter, the end of the link");
    }
  }

  private static boolean isTextLike(TemplateParameter p) {
    return p instanceof TextParameter || p instanceof CurrencyParameter || p instanceof DateTimeParameter;
  }

  private static Template.Component component(Template template, String type) {
    return template.components().stream()
        .filter(c -> type.equalsIgnoreCase(c.type()))
        .findFirst()
        .orElse(null);
  }

  private static boolean isMediaHeader(Template.Component header) {
    return header.format() != null && MEDIA_HEADERS.contains(header.format().toUpperCase(Locale.ROOT));
  }

  private static boolean isUrl(Template.Button b) {
    return "URL".equalsIgnoreCase(b.type());
  }

  private static String missing(String where, List<String> placeholders) {
    return "the " + where + " has " + count(placeholders) + ": add a " + where + " component with "
        + (placeholders.size() == 1 ? "one parameter" : placeholders.size() + " parameters");
  }

  /** "2 placeholders ({{1}}, {{2}})", "no placeholders". */
  private static String count(List<String> placeholders) {
    if (placeholders.isEmpty()) {
      return "no placeholders";
    }
    return placeholders.size() + (placeholders.size() == 1 ? " placeholder (" : " placeholders (")
        + placeholders.stream().map(p -> "{{" + p + "}}").collect(Collectors.joining(", ")) + ")";
  }

  private static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }

  // Several problems can fall on one field (template.components): keep them all.
  private static void add(Map<String, String> problems, String field, String message) {
    problems.merge(field, message, (a, b) -> a + "; " + b);
  }
}
