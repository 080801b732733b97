package com.whatatalk.engine.inbox;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The prefixes under which a contact is found ({@code inbox_contact_tokens}), and how a typed
 * query maps to one of them. Changing anything here changes the index: rebuild the read side.
 *
 * <p><b>Names:</b> each word (letters and digits; accents dropped, lower case) is indexed under
 * every prefix of 1 to {@value #NAME_PREFIX_MAX} characters ({@code "n:she"}), so "she" and "nel"
 * both find "Sheena Nelson". A query is split the same way; its longest word picks the partition
 * (cut to 12 characters) and every query word must begin some word of the name.
 *
 * <p><b>Phones:</b> only digits count, so {@code "+1 650 555"}, {@code "(650) 555-1234"} and
 * {@code "6505551234"} are all digit strings. The wa_id (international digits, no {@code +}) is
 * indexed under every prefix of {@value #PHONE_PREFIX_MIN} digits or more of the full number and
 * of the number without its first 1, 2 or 3 digits, since the country code is 1 to 3 digits long
 * and we do not parse it. So a query matches a prefix of the full number or of the national
 * number. A query with a letter is a name query; a query of fewer than 3 digits finds nothing.
 */
final class ContactTokens {
  static final int NAME_PREFIX_MAX = 12;
  static final int PHONE_PREFIX_MIN = 3;
  static final int COUNTRY_CODE_MAX = 3;

  private ContactTokens() {}

  /** Every prefix a contact is indexed under. */
  static Set<String> tokens(String profileName, String waId) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String word : words(profileName)) {
      for (int n = 1; n <= Math.min(NAME_PREFIX_MAX, word.length()); n++) {
        tokens.add("n:" + word.substring(0, n));
      }
    }
    String digits = digits(waId);
    for (int start = 0; start <= COUNTRY_CODE_MAX && start < digits.length(); start++) {
      String rest = digits.substring(start);
      for (int n = PHONE_PREFIX_MIN; n <= rest.length(); n++) {
        tokens.add("p:" + rest.substring(0, n));
      }
    }
    return tokens;
  }

  /** A parsed query: the partition to read and the test for each row found there. */
  record Query(String token, List<String> words, String digits) {
    boolean matches(String profileName, String waId) {
      if (digits != null) {
        String phone = ContactTokens.digits(waId);
        for (int start = 0; start <= COUNTRY_CODE_MAX && start < phone.length(); start++) {
          if (phone.startsWith(digits, start)) {
            return true;
          }
        }
        return false;
      }
      List<String> nameWords = ContactTokens.words(profileName);
      return words.stream().allMatch(q -> nameWords.stream().anyMatch(w -> w.startsWith(q)));
    }
  }

  /** The query, or null when it cannot match anything (blank, or fewer than 3 digits). */
  static Query parse(String query) {
    if (query == null || query.isBlank()) {
      return null;
    }
    if (query.codePoints().anyMatch(Character::isLetter)) {
      List<String> words = words(query);
      String longest = words.stream().reduce("", (a, b) -> b.length() > a.length() ? b : a);
      if (longest.isEmpty()) {
        return null;
      }
      String token = "n:" + longest.substring(0, Math.min(NAME_PREFIX_MAX, longest.length()));
      return new Query(token, words, null);
    }
    String digits = digits(query);
    if (digits.length() < PHONE_PREFIX_MIN) {
      return null;
    }
    return new Query("p:" + digits, List.of(), digits);
  }

  /** Lower-case words without accents: "José-Luis O'Neil" → [jose, luis, o, neil]. */
  static List<String> words(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    String plain =
        Normalizer.normalize(text, Normalizer.Form.NFD)
            .replaceAll("\\p{M}+", "")
            .toLowerCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    for (String w : plain.split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  static String digits(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    text.codePoints()
        .filter(c -> c >= '0' && c <= '9')
        .forEach(b::appendCodePoint);
    return b.toString();
  }
}
