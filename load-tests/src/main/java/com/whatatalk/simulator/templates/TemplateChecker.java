package com.whatatalk.simulator.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.graph.GraphError;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Meta's send-time template checks (§2.10, §9): the template must exist in that language
 * (132001), be APPROVED (paused 132015, disabled 132016, anything else 132001), and the request
 * must give each component as many parameters as the template has placeholders (132000), with
 * matching names for NAMED templates and matching media types for media headers (132012).
 */
public final class TemplateChecker {
  private final TemplateStore store;

  public TemplateChecker(TemplateStore store) {
    this.store = store;
  }

  /** The outcome: either the template to send or the error to answer. */
  public record Result(Template template, GraphError error) {
    static Result ok(Template t) {
      return new Result(t, null);
    }

    static Result fail(GraphError e) {
      return new Result(null, e);
    }
  }

  public Result check(JsonNode request) {
    String name = request.path("name").asText();
    String language = request.path("language").path("code").asText();
    Template t = store.find(name, language).orElse(null);
    if (t == null) {
      return Result.fail(ErrorCodes.templateNotFound(store.hasName(name)
          ? "template name (" + name + ") does not exist in " + language
          : "template name (" + name + ") does not exist in the translation"));
    }
    switch (t.status()) {
      case "APPROVED":
        break;
      case "PAUSED":
        return Result.fail(ErrorCodes.templatePaused(
            "Template " + name + " is paused due to low quality, so it cannot be sent."));
      case "DISABLED":
        return Result.fail(ErrorCodes.templateDisabled(
            "Template " + name + " has been disabled due to low quality."));
      default:
        return Result.fail(ErrorCodes.templateNotFound(
            "template name (" + name + ") is not approved (status " + t.status() + ")"));
    }
    Map<String, JsonNode> given = new HashMap<>();
    Map<Integer, JsonNode> buttons = new HashMap<>();
    for (JsonNode c : request.path("components")) {
      String type = c.path("type").asText().toLowerCase(Locale.ROOT);
      if (type.equals("button")) {
        buttons.put(c.path("index").asInt(-1), c);
      } else {
        given.put(type, c);
      }
    }
    GraphError e = checkHeader(t, given.get("header"));
    if (e == null) {
      e = checkBody(t, given.get("body"));
    }
    if (e == null) {
      e = checkButtons(t, buttons);
    }
    return e == null ? Result.ok(t) : Result.fail(e);
  }

  private GraphError checkHeader(Template t, JsonNode given) {
    JsonNode header = t.component("HEADER").orElse(null);
    String format = header == null ? "" : header.path("format").asText("TEXT");
    JsonNode params = given == null ? null : given.path("parameters");
    int count = params == null ? 0 : params.size();
    if (header == null || format.equals("TEXT")) {
      Set<String> names = header == null ? Set.of() : Template.placeholders(header.path("text").asText());
      return checkTextParams(t, "header", names, params);
    }
    // A media header takes exactly one parameter of its own type.
    if (count != 1) {
      return ErrorCodes.templateParamCount("header: number of localizable_params (" + count
          + ") does not match the expected number of params (1)");
    }
    String expected = format.toLowerCase(Locale.ROOT);
    String actual = params.get(0).path("type").asText();
    if (!expected.equals(actual)) {
      return ErrorCodes.templateParamFormat("header: expected a parameter of type " + expected
          + " but got " + actual);
    }
    return null;
  }

  private GraphError checkBody(Template t, JsonNode given) {
    String text = t.component("BODY").map(b -> b.path("text").asText()).orElse("");
    return checkTextParams(t, "body", Template.placeholders(text),
        given == null ? null : given.path("parameters"));
  }

  private GraphError checkTextParams(Template t, String where, Set<String> expected,
      JsonNode params) {
    int count = params == null ? 0 : params.size();
    if (count != expected.size()) {
      return ErrorCodes.templateParamCount(where + ": number of localizable_params (" + count
          + ") does not match the expected number of params (" + expected.size() + ")");
    }
    if (t.named() && count > 0) {
      Set<String> names = new LinkedHashSet<>();
      for (JsonNode p : params) {
        names.add(p.path("parameter_name").asText());
      }
      if (!names.equals(expected)) {
        return ErrorCodes.templateParamCount(where + ": parameter names " + names
            + " do not match the template's " + expected);
      }
    }
    return null;
  }

  private GraphError checkButtons(Template t, Map<Integer, JsonNode> given) {
    var buttons = t.buttons();
    for (Map.Entry<Integer, JsonNode> e : given.entrySet()) {
      int index = e.getKey();
      if (index < 0 || index >= buttons.size()) {
        return ErrorCodes.parameterValueInvalid("button at index " + index
            + " does not exist in template " + t.name());
      }
      String subType = e.getValue().path("sub_type").asText().toUpperCase(Locale.ROOT);
      String type = buttons.get(index).path("type").asText();
      if (!subType.equals(type)) {
        return ErrorCodes.parameterValueInvalid("button at index " + index + " is " + type
            + " in template " + t.name() + ", not " + subType);
      }
    }
    // A URL button with a {{1}} suffix needs its one text parameter.
    for (int i = 0; i < buttons.size(); i++) {
      JsonNode b = buttons.get(i);
      if (b.path("type").asText().equals("URL")
          && !Template.placeholders(b.path("url").asText()).isEmpty()) {
        JsonNode g = given.get(i);
        int count = g == null ? 0 : g.path("parameters").size();
        if (count != 1) {
          return ErrorCodes.templateParamCount("button " + i + ": number of localizable_params ("
              + count + ") does not match the expected number of params (1)");
        }
      }
    }
    return null;
  }
}
