package com.whatatalk.engine.cloudapi;

import java.util.List;

/**
 * A message template as {@code GET /{waba-id}/message_templates} lists it (whatsapp-cloud-api.md
 * §9.1), in our names. Values keep Meta's spelling ({@code APPROVED}, {@code UTILITY}, {@code
 * NAMED}, {@code HEADER}), which is what the template library compares against.
 *
 * @param status {@code APPROVED}, {@code PENDING}, {@code REJECTED}, {@code PAUSED}, {@code
 *     DISABLED}...; only approved templates may be sent
 * @param parameterFormat {@code POSITIONAL} or {@code NAMED}; null when Meta omits it (positional)
 */
public record TemplateDefinition(
    String id,
    String name,
    String language,
    String category,
    String status,
    String parameterFormat,
    List<Component> components) {

  public TemplateDefinition {
    components = components == null ? List.of() : List.copyOf(components);
  }

  /**
   * A component: {@code HEADER} (with a {@code format}: TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION...),
   * {@code BODY}, {@code FOOTER} or {@code BUTTONS}. {@code text} holds the placeholders ({@code
   * {{1}}} or {@code {{first_name}}}); null fields are absent at Meta.
   */
  public record Component(String type, String format, String text, List<Button> buttons) {
    public Component {
      buttons = buttons == null ? List.of() : List.copyOf(buttons);
    }
  }

  /** A button: {@code QUICK_REPLY}, {@code URL}, {@code PHONE_NUMBER}, {@code COPY_CODE}... */
  public record Button(String type, String text, String url, String phoneNumber) {}
}
