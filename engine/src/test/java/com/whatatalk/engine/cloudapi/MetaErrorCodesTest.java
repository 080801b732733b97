package com.whatatalk.engine.cloudapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry table of whatsapp-cloud-api.md §6, row by row. */
class MetaErrorCodesTest {

  @ParameterizedTest(name = "{0} ({2}) retryable={1}")
  @CsvSource({
    // Retryable: waiting (and pacing) helps
    "130429, true, throughput reached",
    "131056, true, pair rate limit",
    "131057, true, maintenance mode",
    "131000, true, unknown error sending",
    "1, true, invalid request or possible server error",
    "2, true, temporary downtime",
    "4, true, app call rate limit",
    "80007, true, WABA rate limit",
    "131016, true, service temporarily unavailable",
    "133004, true, server temporarily unavailable",
    "-1, true, synthetic: network failure or timeout",
    "-2, true, synthetic: 5xx without an error body",
    // Permanent: fix the request, template, token or account instead
    "0, false, could not authenticate",
    "3, false, capability or permission",
    "10, false, permission not granted",
    "100, false, invalid parameter",
    "190, false, access token expired",
    "200, false, permission",
    "368, false, WABA restricted",
    "130472, false, user in experiment",
    "131008, false, required parameter missing",
    "131009, false, parameter value invalid",
    "131026, false, undeliverable",
    "131031, false, account locked",
    "131042, false, payment problem",
    "131047, false, re-engagement: window closed",
    "131048, false, spam rate limit",
    "131049, false, ecosystem engagement",
    "131051, false, unsupported message type",
    "131053, false, media upload error",
    "132000, false, template parameter count",
    "132001, false, template does not exist",
    "132005, false, hydrated text too long",
    "132012, false, parameter format mismatch",
    "132015, false, template paused",
    "132016, false, template disabled",
    "133010, false, number not registered",
    "135000, false, generic user error",
    "-3, false, synthetic: unreadable response",
    "-4, false, synthetic: no access token",
    "-5, false, synthetic: content not sendable"
  })
  void classifiesByMetasCode(int code, boolean retryable, String meaning) {
    assertEquals(retryable, MetaErrorCodes.isRetryable(code), meaning);
  }

  @ParameterizedTest
  @CsvSource({"0, true", "190, true", "100, false", "131047, false"})
  void recognisesAuthenticationErrors(int code, boolean authentication) {
    assertEquals(authentication, MetaErrorCodes.isAuthentication(code));
  }

  @Test
  void suggestsAMinuteForMaintenanceOnly() {
    assertEquals(Optional.of(Duration.ofMinutes(1)), MetaErrorCodes.suggestedWait(131057));
    assertEquals(Optional.empty(), MetaErrorCodes.suggestedWait(130429));
    assertEquals(Optional.empty(), MetaErrorCodes.suggestedWait(131056));
  }
}
