package com.whatatalk.load;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.function.BooleanSupplier;

/**
 * A check made once at the end of a run, reported as a request: Gatling skips its report when a
 * hook throws, so the outcome travels as a last request that is OK when the check holds and KO
 * (failing the run through its no-failure assertion, report still written) when it does not.
 */
final class Outcome {
  private Outcome() {}

  /** Runs {@code check} and reports it as a request named {@code name} (a GET of the app's liveness). */
  static ChainBuilder request(String name, BooleanSupplier check) {
    return exec(session -> session.set(name, check.getAsBoolean()))
        .exec(http(name).get("/health/alive").check(status().is(session -> session.getBoolean(name) ? 200 : 599)));
  }
}
