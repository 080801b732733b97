package com.whatatalk.engine.auth;

import java.security.SecureRandom;

/** Generated one-time passwords and the rules for chosen ones. */
public final class Passwords {
  /** Letters and digits without look-alikes (0/O, 1/l/I): 56 symbols, about 5.8 bits each. */
  private static final char[] ALPHABET =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {}

  /** A random password of {@code length} letters and digits, from {@link SecureRandom}. */
  public static String random(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(chars);
  }

  /** Why a chosen password is refused, or {@code null} when it is acceptable. */
  static String problem(String password, AuthSettings settings) {
    if (password == null || password.isEmpty()) {
      return "is required";
    }
    int length = password.codePointCount(0, password.length());
    if (length < settings.minPasswordLength()) {
      return "must be at least " + settings.minPasswordLength() + " characters";
    }
    if (length > settings.maxPasswordLength()) {
      return "must be at most " + settings.maxPasswordLength() + " characters";
    }
    if (password.isBlank()) {
      return "must not be only spaces";
    }
    return null;
  }
}
