package com.whatatalk.simulator.media;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Meta's supported media types and size limits (§3.2). */
public final class MediaRules {
  private static final long KB = 1024;
  private static final long MB = 1024 * KB;

  /** What a MIME type may be sent as, and its maximum size. */
  public record Rule(String kind, long maxBytes) {}

  private static final Map<String, Rule> RULES = Map.ofEntries(
      Map.entry("audio/aac", new Rule("audio", 16 * MB)),
      Map.entry("audio/amr", new Rule("audio", 16 * MB)),
      Map.entry("audio/mpeg", new Rule("audio", 16 * MB)),
      Map.entry("audio/mp4", new Rule("audio", 16 * MB)),
      Map.entry("audio/ogg", new Rule("audio", 16 * MB)),
      Map.entry("text/plain", new Rule("document", 100 * MB)),
      Map.entry("application/pdf", new Rule("document", 100 * MB)),
      Map.entry("application/msword", new Rule("document", 100 * MB)),
      Map.entry("application/vnd.ms-excel", new Rule("document", 100 * MB)),
      Map.entry("application/vnd.ms-powerpoint", new Rule("document", 100 * MB)),
      Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          new Rule("document", 100 * MB)),
      Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          new Rule("document", 100 * MB)),
      Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation",
          new Rule("document", 100 * MB)),
      Map.entry("image/jpeg", new Rule("image", 5 * MB)),
      Map.entry("image/png", new Rule("image", 5 * MB)),
      // Animated stickers may reach 500 KB; static ones 100 KB (we cannot tell them apart).
      Map.entry("image/webp", new Rule("sticker", 500 * KB)),
      Map.entry("video/mp4", new Rule("video", 16 * MB)),
      Map.entry("video/3gpp", new Rule("video", 16 * MB)));

  /** The largest upload any rule allows, for the HTTP entity size limit. */
  public static final long MAX_UPLOAD_BYTES = 100 * MB;

  private MediaRules() {}

  /** "audio/ogg; codecs=opus" → "audio/ogg". */
  public static String baseType(String mime) {
    int semi = mime.indexOf(';');
    return (semi < 0 ? mime : mime.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  public static Optional<Rule> rule(String mime) {
    return Optional.ofNullable(RULES.get(baseType(mime)));
  }

  /** Whether media of this MIME type may be sent as a message of this type. */
  public static boolean sendableAs(String mime, String messageType) {
    return rule(mime).map(r -> r.kind().equals(messageType)).orElse(false);
  }
}
