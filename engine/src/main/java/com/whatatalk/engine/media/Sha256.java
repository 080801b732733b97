package com.whatatalk.engine.media;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * SHA-256 digests as Meta writes them: webhooks carry them base64-encoded, {@code GET /{media-id}}
 * in hex. Both are accepted and compared as bytes.
 */
final class Sha256 {
  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 32 digest bytes of a hex or base64 string; empty when it is neither. */
  static Optional<byte[]> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String s = text.strip();
    if (s.length() == 64 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      return Optional.of(HexFormat.of().parseHex(s));
    }
    try {
      byte[] bytes =
          s.indexOf('-') >= 0 || s.indexOf('_') >= 0
              ? Base64.getUrlDecoder().decode(s)
              : Base64.getDecoder().decode(s);
      return bytes.length == 32 ? Optional.of(bytes) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
