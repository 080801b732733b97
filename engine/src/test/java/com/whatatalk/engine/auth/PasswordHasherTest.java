package com.whatatalk.engine.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private static AuthSettings settings() {
    return AuthSettings.create(ConfigFactory.load().getConfig("crm.engine.auth"));
  }

  @Test
  void hashesWithArgon2idAtTheConfiguredCostAndVerifiesTheSamePasswordOnly() {
    try (PasswordHasher hasher = new PasswordHasher(settings())) {
      String hash = AuthTesting.await(hasher.hash("correct horse battery staple"));
      assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
      assertNotEquals(hash, AuthTesting.await(hasher.hash("correct horse battery staple")), "salted");
      assertEquals(
          new PasswordHasher.Verification(true, false),
          AuthTesting.await(hasher.verify("correct horse battery staple", hash)));
      assertFalse(AuthTesting.await(hasher.verify("correct horse battery stapl", hash)).matches());
      assertFalse(AuthTesting.await(hasher.verify("", hash)).matches());
      assertFalse(AuthTesting.await(hasher.verify("x", "not a hash")).matches());
    }
  }

  @Test
  void reportsHashesOfOtherParametersForRehashAndNeverMatchesTheDummy() {
    String cheap;
    try (PasswordHasher old = new PasswordHasher(settings().withArgon2(1024, 1))) {
      cheap = AuthTesting.await(old.hash("a long enough password"));
      assertFalse(AuthTesting.await(old.verifyDummy("a long enough password")).matches());
    }
    try (PasswordHasher current = new PasswordHasher(settings())) {
      assertEquals(
          new PasswordHasher.Verification(true, true),
          AuthTesting.await(current.verify("a long enough password", cheap)));
      assertEquals(
          new PasswordHasher.Verification(false, false),
          AuthTesting.await(current.verify("another password!", cheap)));
    }
  }

  @Test
  void generatedPasswordsAreLongRandomAndFollowTheRules() {
    AuthSettings s = settings();
    String a = Passwords.random(s.oneTimePasswordLength());
    assertEquals(20, a.length());
    assertNotEquals(a, Passwords.random(20));
    assertTrue(a.chars().noneMatch(c -> "0O1lI".indexOf(c) >= 0), a);
    assertNull(Passwords.problem(a, s));
    assertEquals("must be at least 12 characters", Passwords.problem("short", s));
    assertEquals("is required", Passwords.problem("", s));
    assertEquals("must be at most 256 characters", Passwords.problem("x".repeat(257), s));
    assertEquals("must not be only spaces", Passwords.problem(" ".repeat(12), s));
  }
}
