package com.whatatalk.engine.inbox;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words under which a contact is found ({@code inbox_contact_words}), and how a typed query
 * maps to a range of them. Changing anything here changes the index: rebuild the read side.
 *
 * <p>A contact has one index row per word, not one per prefix: a query reads the range of words
 * starting with what was typed, in the partition of their first {@value #NAME_PARTITION} letters
 * (or {@value #PHONE_PARTITION} digits). Two to six rows per contact instead of fifty keep the
 * first message of a new customer cheap and the index small.
 *
 * <p><b>Names:</b> each word (letters and digits; accents dropped, lower case) is an entry {@code
 * "n:nelson"}, so "she" and "nel" both find "Sheena Nelson". A query is split the same way; its
 * longest word picks the range and every query word must begin some word of the name. A name query
 * needs a word of {@value #NAME_PARTITION} letters (one letter is not a useful search).
 *
 * <p><b>Phones:</b> only digits count, so {@code "+1 650 555"}, {@code "(650) 555-1234"} and
 * {@code "6505551234"} are all digit strings. The wa_id (international digits, no {@code +}) is an
 * entry, and so is the number without its first 1, 2 or 3 digits, since the country code is 1 to 3
 * digits long and we do not parse it. So a query matches a prefix of the full number or of the
 * national number. A query with a letter is a name query; fewer than 3 digits find nothing.
 */
final class ContactTokens {
  static final int NAME_PARTITION = 2;
  static final int PHONE_PARTITION = 3;
  static final int COUNTRY_CODE_MAX = 3;
  private static final String NAME = "n:";
  private static final String PHONE = "p:";

  private ContactTokens() {}

  /** Every entry a contact is indexed under: {@code "n:" + word} and {@code "p:" + digits}. */
  static Set<String> tokens(String profileName, String waId) {
    Set<String> tokens = new LinkedHashSet<>();
    for (String word : words(profileName)) {
      tokens.add(NAME + word);
    }
    String digits = digits(waId);
    for (int start = 0; start <= COUNTRY_CODE_MAX && digits.length() - start >= PHONE_PARTITION; start++) {
      tokens.add(PHONE + digits.substring(start));
    }
    return tokens;
  }

  /** The partition of an entry: its kind and its first letters or digits. */
  static String partition(String token) {
    int keep = token.startsWith(PHONE) ? PHONE_PARTITION : NAME_PARTITION;
    return token.substring(0, Math.min(token.length(), 2 + keep));
  }

  /** The clustering word of an entry. */
  static String word(String token) {
    return token.substring(2);
  }

  /**
   * A parsed query: the partition to read, the words in {@code [from, until)} to read there, and
   * the test for each row found.
   */
  record Query(String partition, String from, String until, List<String> words, String digits) {
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

  /** The query, or null when it cannot match anything (blank, one letter, fewer than 3 digits). */
  static Query parse(String query) {
    if (query == null || query.isBlank()) {
      return null;
    }
    if (query.codePoints().anyMatch(Character::isLetter)) {
      List<String> words = words(query);
      String longest = words.stream().reduce("", (a, b) -> b.length() > a.length() ? b : a);
      if (longest.length() < NAME_PARTITION) {
        return null;
      }
      return range(NAME + longest, words, null);
    }
    String digits = digits(query);
    if (digits.length() < PHONE_PARTITION) {
      return null;
    }
    return range(PHONE + digits, List.of(), digits);
  }

  private static Query range(String token, List<String> words, String digits) {
    String from = word(token);
    String until = from.substring(0, from.length() - 1) + (char) (from.charAt(from.length() - 1) + 1);
    return new Query(partition(token), from, until, words, digits);
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
