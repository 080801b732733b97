package com.whatatalk.simulator.messages;

import java.util.Optional;

/**
 * Meta's recipient normalisation (§1): '+', '-', '(', ')' and spaces are accepted; the wa_id is
 * the digits. Without '+', a national number (at most 10 digits) gets the business number's
 * country code, as Meta prepends it. Longer numbers without '+' are taken as already international
 * (what Meta does in practice for wa_ids echoed back from webhooks).
 */
public final class Recipients {
  private Recipients() {}

  public static Optional<String> waId(String to, String businessCountryCode) {
    String trimmed = to.trim();
    if (!trimmed.matches("[+]?[0-9 ()\\-]+")) {
      return Optional.empty();
    }
    String digits = trimmed.replaceAll("[^0-9]", "");
    if (!trimmed.startsWith("+") && digits.length() <= 10) {
      digits = businessCountryCode + digits;
    }
    return digits.length() >= 8 && digits.length() <= 15 ? Optional.of(digits) : Optional.empty();
  }
}
