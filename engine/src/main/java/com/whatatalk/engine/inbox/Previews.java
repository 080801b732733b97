package com.whatatalk.engine.inbox;

import com.whatatalk.engine.conversation.MessageContent;

/** The one line the inbox list shows for a conversation's last message. */
final class Previews {
  /** Longest preview stored, in characters (the list shows one line). */
  static final int MAX_LENGTH = 200;

  private Previews() {}

  static String of(MessageContent content) {
    return cut(describe(content));
  }

  private static String describe(MessageContent content) {
    if (content instanceof MessageContent.Text t) {
      return t.body();
    }
    if (content instanceof MessageContent.Media m) {
      String caption = blank(m.caption()) ? null : m.caption();
      return switch (m.kind()) {
        case IMAGE -> "📷 " + (caption != null ? caption : "Photo");
        case VIDEO -> "🎥 " + (caption != null ? caption : "Video");
        case AUDIO -> "🎵 Audio";
        case STICKER -> "Sticker";
        case DOCUMENT ->
            "📄 Document" + (!blank(m.filename()) ? ": " + m.filename() : caption != null ? ": " + caption : "");
      };
    }
    if (content instanceof MessageContent.Location l) {
      return "📍 Location" + (!blank(l.name()) ? ": " + l.name() : "");
    }
    if (content instanceof MessageContent.Contacts c) {
      String name =
          c.contacts().isEmpty() || c.contacts().get(0).name() == null
              ? null
              : c.contacts().get(0).name().formattedName();
      return "👤 Contact" + (!blank(name) ? ": " + name : "");
    }
    if (content instanceof MessageContent.Reaction r) {
      return r.removal() ? "Removed a reaction" : "Reacted " + r.emoji();
    }
    if (content instanceof MessageContent.ButtonReply b) {
      return b.title();
    }
    if (content instanceof MessageContent.ListReply l) {
      return l.title();
    }
    if (content instanceof MessageContent.TemplateButtonReply b) {
      return b.text() != null ? b.text() : b.payload();
    }
    if (content instanceof MessageContent.Unsupported) {
      return "Unsupported message";
    }
    if (content instanceof MessageContent.SystemNotice s) {
      return !blank(s.body()) ? s.body() : "System message";
    }
    if (content instanceof MessageContent.Template t) {
      return "Template: " + t.name();
    }
    if (content instanceof MessageContent.InteractiveButtons b) {
      return b.body();
    }
    if (content instanceof MessageContent.InteractiveList l) {
      return l.body();
    }
    return "Message";
  }

  private static String cut(String s) {
    if (s == null) {
      return "";
    }
    String oneLine = s.replaceAll("\\s+", " ").strip();
    if (oneLine.codePointCount(0, oneLine.length()) <= MAX_LENGTH) {
      return oneLine;
    }
    return oneLine.substring(0, oneLine.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
