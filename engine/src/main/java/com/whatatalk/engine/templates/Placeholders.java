package com.whatatalk.engine.templates;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a template text: positional {@code {{1}}}, {@code {{2}}}... or named {@code
 * {{first_name}}}. Each counts once however often it appears (Meta asks one parameter per distinct
 * placeholder). Positional ones come in number order (the order parameters are sent in), named
 * ones in order of first appearance (named parameters are matched by name).
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

  private Placeholders() {}

  /** The distinct placeholder names ({@code "1"}, {@code "first_name"}) of {@code text}. */
  public static List<String> parse(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    Set<String> found = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    List<String> names = new ArrayList<>(found);
    if (!names.isEmpty() && names.stream().allMatch(Placeholders::positional)) {
      names.sort(Comparator.comparingLong(Long::parseLong));
    }
    return List.copyOf(names);
  }

  static boolean positional(String name) {
    return !name.isEmpty() && name.length() <= 9 && name.chars().allMatch(Character::isDigit);
  }
}
