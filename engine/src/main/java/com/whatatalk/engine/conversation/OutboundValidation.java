package com.whatatalk.engine.conversation;

import com.whatatalk.engine.conversation.MessageContent.ButtonSubType;
import com.whatatalk.engine.conversation.MessageContent.ComponentType;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import com.whatatalk.engine.conversation.MessageContent.TemplateParameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Meta's limits for outbound messages (whatsapp-cloud-api.md §2.4–§2.10 and the cheat sheet in
 * §2.13), checked before a message is queued so that a request Meta would refuse is refused at
 * once, with the offending field. Pure: no state, no I/O.
 *
 * <p>Field names follow Meta's JSON ({@code interactive.action.buttons[1].reply.title}). Lengths
 * are counted in Unicode code points, so an emoji counts as one character. Where Meta's sources
 * disagree (list body: 4096 per the list page, 1024 per the OpenAPI spec) the documented page for
 * that message type wins.
 */
public final class OutboundValidation {

  public static final int TEXT_BODY_MAX = 4096;
  public static final int CAPTION_MAX = 1024;
  public static final int BUTTONS_BODY_MAX = 1024;
  public static final int LIST_BODY_MAX = 4096;
  public static final int HEADER_TEXT_MAX = 60;
  public static final int FOOTER_MAX = 60;
  public static final int BUTTONS_MAX = 3;
  public static final int BUTTON_TITLE_MAX = 20;
  public static final int BUTTON_ID_MAX = 256;
  public static final int LIST_BUTTON_LABEL_MAX = 20;
  public static final int LIST_SECTIONS_MAX = 10;
  public static final int LIST_ROWS_MAX = 10;
  public static final int ROW_ID_MAX = 200;
  public static final int ROW_TITLE_MAX = 24;
  public static final int ROW_DESCRIPTION_MAX = 72;
  public static final int SECTION_TITLE_MAX = 24;
  public static final int TEMPLATE_NAME_MAX = 512;
  public static final int TEMPLATE_TEXT_PARAMETER_MAX = 32768;
  public static final int CLIENT_MESSAGE_ID_MAX = 128;
  public static final int WAMID_MAX = 256;

  private static final Pattern TEMPLATE_NAME = Pattern.compile("[a-z0-9_]+");
  private static final Pattern LANGUAGE_CODE = Pattern.compile("[A-Za-z]{2,3}(_[A-Za-z0-9]{2,4})?");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
  private static final Set<MediaKind> CAPTIONED =
      EnumSet.of(MediaKind.IMAGE, MediaKind.VIDEO, MediaKind.DOCUMENT);
  private static final Set<MediaKind> HEADER_MEDIA = CAPTIONED;

  /** One broken rule: the field (Meta's JSON path) and what is wrong with it. */
  public record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  private OutboundValidation() {}

  /** Everything wrong with a send request; empty when it may be queued. */
  public static List<Violation> validateSend(
      String clientMessageId, String contextWamid, MessageContent content) {
    Checks c = new Checks();
    if (clientMessageId != null) {
      c.requiredText("client_message_id", clientMessageId, CLIENT_MESSAGE_ID_MAX);
    }
    if (contextWamid != null) {
      c.requiredText("context.message_id", contextWamid, WAMID_MAX);
    }
    content(c, content);
    return c.violations();
  }

  /** Everything wrong with the content alone. */
  public static List<Violation> validateContent(MessageContent content) {
    Checks c = new Checks();
    content(c, content);
    return c.violations();
  }

  /** The violations as one line for people, e.g. {@code "text.body: at most 4096 characters"}. */
  public static String describe(List<Violation> violations) {
    return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  private static void content(Checks c, MessageContent content) {
    if (content == null) {
      c.fail("type", "message content is required");
    } else if (content instanceof MessageContent.Text t) {
      c.requiredText("text.body", t.body(), TEXT_BODY_MAX);
    } else if (content instanceof MessageContent.Media m) {
      media(c, m);
    } else if (content instanceof MessageContent.Location l) {
      coordinates(c, "location", l.latitude(), l.longitude());
    } else if (content instanceof MessageContent.Contacts cs) {
      contacts(c, cs);
    } else if (content instanceof MessageContent.Reaction r) {
      c.requiredText("reaction.message_id", r.targetWamid(), WAMID_MAX);
      if (r.emoji() == null) {
        c.fail("reaction.emoji", "required (an empty string removes the reaction)");
      }
    } else if (content instanceof MessageContent.Template t) {
      template(c, t);
    } else if (content instanceof MessageContent.InteractiveButtons b) {
      buttons(c, b);
    } else if (content instanceof MessageContent.InteractiveList l) {
      list(c, l);
    } else {
      // ButtonReply, ListReply, TemplateButtonReply, Unsupported, SystemNotice: customers send
      // these to us; a business cannot.
      c.fail("type", content.getClass().getSimpleName() + " is inbound only and cannot be sent");
    }
  }

  private static void media(Checks c, MessageContent.Media m) {
    if (m.kind() == null) {
      c.fail("media.type", "required (image, video, audio, document or sticker)");
      return;
    }
    String f = m.kind().name().toLowerCase();
    mediaSource(c, f, m.mediaId(), m.link());
    if (m.caption() != null) {
      if (!CAPTIONED.contains(m.kind())) {
        c.fail(f + ".caption", "not allowed for " + f);
      } else {
        c.maxLength(f + ".caption", m.caption(), CAPTION_MAX);
      }
    }
    if (m.filename() != null) {
      if (m.kind() != MediaKind.DOCUMENT) {
        c.fail(f + ".filename", "only documents have a filename");
      } else {
        c.requiredText(f + ".filename", m.filename(), 240);
      }
    }
  }

  private static void mediaSource(Checks c, String f, String mediaId, String link) {
    boolean hasId = mediaId != null && !mediaId.isBlank();
    boolean hasLink = link != null && !link.isBlank();
    if (hasId == hasLink) {
      c.fail(f, "exactly one of id or link is required");
    } else if (hasLink && !(link.startsWith("https://") || link.startsWith("http://"))) {
      c.fail(f + ".link", "must be an http or https URL");
    }
  }

  private static void coordinates(Checks c, String f, double latitude, double longitude) {
    if (!(latitude >= -90 && latitude <= 90)) {
      c.fail(f + ".latitude", "must be between -90 and 90");
    }
    if (!(longitude >= -180 && longitude <= 180)) {
      c.fail(f + ".longitude", "must be between -180 and 180");
    }
  }

  private static void contacts(Checks c, MessageContent.Contacts cs) {
    if (cs.contacts().isEmpty()) {
      c.fail("contacts", "at least one contact is required");
    }
    for (int i = 0; i < cs.contacts().size(); i++) {
      MessageContent.SharedContact contact = cs.contacts().get(i);
      String formatted = contact.name() == null ? null : contact.name().formattedName();
      c.requiredText("contacts[" + i + "].name.formatted_name", formatted, 1024);
    }
  }

  private static void buttons(Checks c, MessageContent.InteractiveButtons b) {
    if (b.header() != null) {
      MessageContent.InteractiveHeader h = b.header();
      if ((h.text() == null) == (h.media() == null)) {
        c.fail("interactive.header", "exactly one of text or media is required");
      } else if (h.text() != null) {
        c.requiredText("interactive.header.text", h.text(), HEADER_TEXT_MAX);
      } else {
        headerMedia(c, h.media());
      }
    }
    c.requiredText("interactive.body.text", b.body(), BUTTONS_BODY_MAX);
    c.maxLength("interactive.footer.text", b.footer(), FOOTER_MAX);
    List<MessageContent.ReplyButton> buttons = b.buttons();
    if (buttons.isEmpty() || buttons.size() > BUTTONS_MAX) {
      c.fail(
          "interactive.action.buttons", "1 to " + BUTTONS_MAX + " buttons, was " + buttons.size());
    }
    Set<String> titles = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < buttons.size(); i++) {
      MessageContent.ReplyButton button = buttons.get(i);
      String f = "interactive.action.buttons[" + i + "].reply";
      if (c.requiredText(f + ".id", button.id(), BUTTON_ID_MAX) && !ids.add(button.id())) {
        // The tap comes back as id and title only: two equal ids could not be told apart.
        c.fail(f + ".id", "must be unique");
      }
      if (c.requiredText(f + ".title", button.title(), BUTTON_TITLE_MAX)
          && !titles.add(button.title())) {
        c.fail(f + ".title", "must be unique");
      }
    }
  }

  private static void headerMedia(Checks c, MessageContent.Media m) {
    if (m.kind() == null || !HEADER_MEDIA.contains(m.kind())) {
      c.fail("interactive.header.type", "a media header is an image, video or document");
      return;
    }
    String f = "interactive.header." + m.kind().name().toLowerCase();
    mediaSource(c, f, m.mediaId(), m.link());
    if (m.caption() != null) {
      c.fail(f + ".caption", "a header has no caption");
    }
    if (m.filename() != null && m.kind() != MediaKind.DOCUMENT) {
      c.fail(f + ".filename", "only documents have a filename");
    }
  }

  private static void list(Checks c, MessageContent.InteractiveList l) {
    c.maxLength("interactive.header.text", l.headerText(), HEADER_TEXT_MAX);
    c.requiredText("interactive.body.text", l.body(), LIST_BODY_MAX);
    c.maxLength("interactive.footer.text", l.footer(), FOOTER_MAX);
    c.requiredText("interactive.action.button", l.buttonLabel(), LIST_BUTTON_LABEL_MAX);
    List<MessageContent.ListSection> sections = l.sections();
    if (sections.isEmpty() || sections.size() > LIST_SECTIONS_MAX) {
      c.fail(
          "interactive.action.sections",
          "1 to " + LIST_SECTIONS_MAX + " sections, was " + sections.size());
    }
    int rows = 0;
    Set<String> rowIds = new HashSet<>();
    for (int s = 0; s < sections.size(); s++) {
      MessageContent.ListSection section = sections.get(s);
      String sf = "interactive.action.sections[" + s + "]";
      if (sections.size() > 1 || section.title() != null) {
        // Meta requires a section title as soon as there is more than one section.
        c.requiredText(sf + ".title", section.title(), SECTION_TITLE_MAX);
      }
      if (section.rows().isEmpty()) {
        c.fail(sf + ".rows", "at least one row is required");
      }
      for (int r = 0; r < section.rows().size(); r++) {
        MessageContent.ListRow row = section.rows().get(r);
        String rf = sf + ".rows[" + r + "]";
        if (c.requiredText(rf + ".id", row.id(), ROW_ID_MAX) && !rowIds.add(row.id())) {
          c.fail(rf + ".id", "must be unique in the list");
        }
        c.requiredText(rf + ".title", row.title(), ROW_TITLE_MAX);
        c.maxLength(rf + ".description", row.description(), ROW_DESCRIPTION_MAX);
      }
      rows += section.rows().size();
    }
    if (rows > LIST_ROWS_MAX) {
      c.fail(
          "interactive.action.sections",
          "at most " + LIST_ROWS_MAX + " rows in total, was " + rows);
    }
  }

  private static void template(Checks c, MessageContent.Template t) {
    if (c.requiredText("template.name", t.name(), TEMPLATE_NAME_MAX)
        && !TEMPLATE_NAME.matcher(t.name()).matches()) {
      c.fail("template.name", "lowercase letters, digits and underscores only");
    }
    if (c.requiredText("template.language.code", t.languageCode(), 15)
        && !LANGUAGE_CODE.matcher(t.languageCode()).matches()) {
      c.fail("template.language.code", "a language code such as en or en_US");
    }
    int headers = 0;
    int bodies = 0;
    Set<Integer> buttonIndexes = new HashSet<>();
    for (int i = 0; i < t.components().size(); i++) {
      MessageContent.TemplateComponent comp = t.components().get(i);
      String f = "template.components[" + i + "]";
      if (comp.type() == null) {
        c.fail(f + ".type", "required (header, body or button)");
        continue;
      }
      if (comp.type() == ComponentType.HEADER) {
        headers++;
      } else if (comp.type() == ComponentType.BODY) {
        bodies++;
      }
      if (comp.type() == ComponentType.BUTTON) {
        if (comp.subType() == null) {
          c.fail(f + ".sub_type", "required for a button");
        }
        if (comp.index() == null || comp.index() < 0 || comp.index() > 9) {
          c.fail(f + ".index", "a button position from 0 to 9");
        } else if (!buttonIndexes.add(comp.index())) {
          c.fail(f + ".index", "each button is given at most once");
        }
        if (comp.parameters().size() != 1) {
          c.fail(f + ".parameters", "a button takes exactly one parameter");
        }
      } else if (comp.subType() != null || comp.index() != null) {
        c.fail(f + ".sub_type", "sub_type and index are for buttons only");
      }
      if (comp.type() == ComponentType.HEADER && comp.parameters().size() > 1) {
        c.fail(f + ".parameters", "a header takes at most one parameter");
      }
      templateParameters(c, f, comp);
    }
    if (headers > 1) {
      c.fail("template.components", "at most one header component");
    }
    if (bodies > 1) {
      c.fail("template.components", "at most one body component");
    }
  }

  private static void templateParameters(
      Checks c, String f, MessageContent.TemplateComponent comp) {
    int named = 0;
    Set<String> names = new HashSet<>();
    List<TemplateParameter> parameters = comp.parameters();
    for (int p = 0; p < parameters.size(); p++) {
      TemplateParameter param = parameters.get(p);
      String pf = f + ".parameters[" + p + "]";
      if (param.name() != null) {
        named++;
        if (!PARAMETER_NAME.matcher(param.name()).matches()) {
          c.fail(pf + ".parameter_name", "lowercase letters, digits and underscores only");
        } else if (!names.add(param.name())) {
          c.fail(pf + ".parameter_name", "must be unique in the component");
        }
      }
      if (param instanceof MessageContent.TextParameter tp) {
        if (tp.text() == null || tp.text().isEmpty()) {
          c.fail(pf + ".text", "required");
        } else {
          c.maxLength(pf + ".text", tp.text(), TEMPLATE_TEXT_PARAMETER_MAX);
        }
      } else if (param instanceof MessageContent.CurrencyParameter cp) {
        c.requiredText(pf + ".currency.fallback_value", cp.fallbackValue(), 1024);
        if (cp.code() == null || !CURRENCY_CODE.matcher(cp.code()).matches()) {
          c.fail(pf + ".currency.code", "an ISO 4217 code such as USD");
        }
      } else if (param instanceof MessageContent.DateTimeParameter dp) {
        c.requiredText(pf + ".date_time.fallback_value", dp.fallbackValue(), 1024);
      } else if (param instanceof MessageContent.MediaParameter mp) {
        if (comp.type() != ComponentType.HEADER) {
          c.fail(pf, "media parameters belong to the header");
        } else if (mp.kind() == null || !HEADER_MEDIA.contains(mp.kind())) {
          c.fail(pf + ".type", "a header image, video or document");
        } else {
          mediaSource(c, pf + "." + mp.kind().name().toLowerCase(), mp.mediaId(), mp.link());
        }
      } else if (param instanceof MessageContent.LocationParameter lp) {
        if (comp.type() != ComponentType.HEADER) {
          c.fail(pf, "location parameters belong to the header");
        } else {
          coordinates(c, pf + ".location", lp.latitude(), lp.longitude());
        }
      } else if (param instanceof MessageContent.PayloadParameter pp) {
        if (comp.type() != ComponentType.BUTTON || comp.subType() != ButtonSubType.QUICK_REPLY) {
          c.fail(pf, "payload parameters belong to quick_reply buttons");
        } else {
          c.requiredText(pf + ".payload", pp.payload(), 1000);
        }
      }
    }
    if (named > 0 && named < parameters.size()) {
      c.fail(f + ".parameters", "either every parameter is named or none is");
    }
  }

  /** Collects violations; each check returns whether it passed, so dependent checks can follow. */
  private static final class Checks {
    private final List<Violation> violations = new ArrayList<>();

    void fail(String field, String message) {
      violations.add(new Violation(field, message));
    }

    boolean requiredText(String field, String value, int max) {
      if (value == null || value.isBlank()) {
        fail(field, "required");
        return false;
      }
      return maxLength(field, value, max);
    }

    boolean maxLength(String field, String value, int max) {
      if (value == null) {
        return true;
      }
      int length = value.codePointCount(0, value.length());
      if (length > max) {
        fail(field, "at most " + max + " characters, was " + length);
        return false;
      }
      return true;
    }

    List<Violation> violations() {
      return List.copyOf(violations);
    }
  }
}
