package com.whatatalk.engine.media;

import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What WhatsApp accepts as media (whatsapp-cloud-api.md §3.2): the MIME types, the kind each may be
 * sent as, and its size limit. Sizes are in MiB as Meta's "MB" (the stricter reading is not
 * documented either way). Pure.
 */
public final class MediaRules {
  private static final long KB = 1024;
  private static final long MB = 1024 * KB;

  /** The kind a MIME type is sent as and its largest size in bytes. */
  public record Rule(MediaKind kind, long maxBytes) {}

  private static final Map<String, Rule> RULES =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("audio/aac", new Rule(MediaKind.AUDIO, 16 * MB)),
              Map.entry("audio/amr", new Rule(MediaKind.AUDIO, 16 * MB)),
              Map.entry("audio/mpeg", new Rule(MediaKind.AUDIO, 16 * MB)),
              Map.entry("audio/mp4", new Rule(MediaKind.AUDIO, 16 * MB)),
              // OPUS codec only, mono: not checked here (Meta answers 131053).
              Map.entry("audio/ogg", new Rule(MediaKind.AUDIO, 16 * MB)),
              Map.entry("text/plain", new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry("application/pdf", new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry("application/msword", new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry("application/vnd.ms-excel", new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry("application/vnd.ms-powerpoint", new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry(
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                  new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry(
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry(
                  "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  new Rule(MediaKind.DOCUMENT, 100 * MB)),
              Map.entry("image/jpeg", new Rule(MediaKind.IMAGE, 5 * MB)),
              Map.entry("image/png", new Rule(MediaKind.IMAGE, 5 * MB)),
              // Animated stickers may reach 500 KB, static ones 100 KB; we cannot tell them apart.
              Map.entry("image/webp", new Rule(MediaKind.STICKER, 500 * KB)),
              Map.entry("video/mp4", new Rule(MediaKind.VIDEO, 16 * MB)),
              Map.entry("video/3gpp", new Rule(MediaKind.VIDEO, 16 * MB))));

  private MediaRules() {}

  /** {@code "audio/ogg; codecs=opus"} → {@code "audio/ogg"}. */
  public static String baseType(String mime) {
    int semi = mime.indexOf(';');
    return (semi < 0 ? mime : mime.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  public static Optional<Rule> rule(String mime) {
    return mime == null ? Optional.empty() : Optional.ofNullable(RULES.get(baseType(mime)));
  }

  /** The supported MIME types, sorted (for error messages). */
  public static String supportedTypes() {
    return String.join(", ", RULES.keySet());
  }

  /** {@code 5242880} → {@code "5 MB"}, {@code 512000} → {@code "500 KB"}. */
  static String describeSize(long bytes) {
    return bytes % MB == 0 ? bytes / MB + " MB" : bytes % KB == 0 ? bytes / KB + " KB" : bytes + " bytes";
  }
}
