package com.whatatalk.engine.templates;

import com.whatatalk.engine.cloudapi.TemplateDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message template of a WABA as the library keeps it: Meta's fields, its components with their
 * placeholders parsed, and when it was synced. Values keep Meta's spelling ({@code APPROVED},
 * {@code MARKETING}, {@code HEADER}, {@code URL}).
 *
 * @param parameterFormat {@code POSITIONAL} or {@code NAMED} (positional when Meta omits it)
 */
public record Template(
    String wabaId,
    String id,
    String name,
    String language,
    String category,
    String status,
    String parameterFormat,
    List<Component> components,
    Instant syncedAt) {

  public static final String APPROVED = "APPROVED";

  public Template {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /**
   * A component ({@code HEADER}, {@code BODY}, {@code FOOTER}, {@code BUTTONS}) with the
   * placeholders of its text; a {@code BUTTONS} component has them per button.
   */
  public record Component(
      String type, String format, String text, List<String> placeholders, List<Button> buttons) {
    public Component {
      placeholders = placeholders == null ? List.of() : List.copyOf(placeholders);
      buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }
  }

  /**
   * A button; {@code index} is its position (the {@code index} a send names). Only a URL button's
   * url can have a placeholder (its dynamic suffix).
   */
  public record Button(
      int index, String type, String text, String url, String phoneNumber, List<String> placeholders) {
    public Button {
      placeholders = placeholders == null ? List.of() : List.copyOf(placeholders);
    }
  }

  /** Only approved templates may be sent (Meta answers 132001, 132015 or 132016 otherwise). */
  public boolean sendable() {
    return APPROVED.equals(status);
  }

  /** The placeholders of the first component of {@code type} (e.g. "BODY"); empty if none. */
  public List<String> placeholders(String type) {
    return components.stream()
        .filter(c -> c.type() != null && c.type().equalsIgnoreCase(type))
        .findFirst()
        .map(Component::placeholders)
        .orElse(List.of());
  }

  /** The library's template for Meta's definition, parsed. */
  public static Template of(String wabaId, TemplateDefinition d, Instant syncedAt) {
    List<Component> components = new ArrayList<>();
    for (TemplateDefinition.Component c : d.components()) {
      List<Button> buttons = new ArrayList<>();
      for (int i = 0; i < c.buttons().size(); i++) {
        TemplateDefinition.Button b = c.buttons().get(i);
        buttons.add(
            new Button(
                i,
                b.type(),
                b.text(),
                b.url(),
                b.phoneNumber(),
                "URL".equalsIgnoreCase(b.type()) ? Placeholders.parse(b.url()) : List.of()));
      }
      String type = c.type() == null ? null : c.type().toUpperCase(Locale.ROOT);
      components.add(new Component(type, c.format(), c.text(), Placeholders.parse(c.text()), buttons));
    }
    return new Template(
        wabaId,
        d.id(),
        d.name(),
        d.language(),
        d.category(),
        d.status() == null ? null : d.status().toUpperCase(Locale.ROOT),
        d.parameterFormat() == null ? "POSITIONAL" : d.parameterFormat().toUpperCase(Locale.ROOT),
        components,
        syncedAt);
  }
}
