package com.whatatalk.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.http.TestApp;
import com.whatatalk.simulator.CloudApiSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web inbox in a real browser: the real app with the Cloud API simulator, and
 * {@code web/e2e/inbox.mjs} (playwright-core driving Debian's headless Chromium, no browser
 * download) logging in, watching a customer's message arrive live, replying up to two blue ticks,
 * commenting, tagging the contact and editing an attribute, searching by phone, assigning and archiving,
 * and sending a template where the 24-hour window closed long ago. Screenshots of each state land in
 * {@code web/target/screenshots/}. Skipped, with the reason, when there is no Chromium
 * ({@code ./whatatalk test} installs it) or no built web module.
 */
@ExtendWith(CassandraExtension.class)
class InboxBrowserTest {
  private static final long RUN_MINUTES = 6;

  @Test
  void anAgentWorksTheInboxInARealBrowser(CassandraNode cassandra) throws Exception {
    Path chromium = Paths.get(System.getenv().getOrDefault("WHATATALK_CHROMIUM", "/usr/bin/chromium"));
    Assumptions.assumeTrue(
        Files.isExecutable(chromium),
        "no Chromium at " + chromium + ": `./whatatalk test` installs Debian's (apt-get install chromium)");
    Path web = Paths.get("..", "web").toAbsolutePath().normalize();
    Path script = web.resolve("e2e/inbox.mjs");
    Assumptions.assumeTrue(
        Files.isDirectory(web.resolve("node_modules/playwright-core")),
        "web/node_modules has no playwright-core: build the web module first (npm ci)");

    int port = TestApp.freePort();
    try (CloudApiSimulator simulator = TestApp.simulator(port, TestApp.simulatorDefaults());
        TestApp app =
            TestApp.start(
                cassandra, CassandraExtension.uniqueKeyspace("inbox_browser"), port, simulator,
                Map.of(
                    "crm.engine.phone-numbers.ensure",
                    TestApp.PHONE_NUMBER_ID + ":102290129340398:15550783881"))) {
      ProcessBuilder node = new ProcessBuilder("node", script.toString()).directory(web.toFile()).redirectErrorStream(true);
      node.environment()
          .putAll(
              Map.of(
                  "WHATATALK_URL", app.url(""),
                  "SIMULATOR_URL", simulator.baseUrl(),
                  "ADMIN_EMAIL", TestApp.ADMIN_EMAIL,
                  "ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD,
                  "PHONE_NUMBER_ID", TestApp.PHONE_NUMBER_ID,
                  "APP_SECRET", TestApp.APP_SECRET,
                  "SCREENSHOTS", web.resolve("target/screenshots").toString(),
                  "CHROMIUM", chromium.toString()));
      Process process = node.start();
      StringBuilder output = new StringBuilder();
      Thread pump =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    System.out.println(line);
                    output.append(line).append('\n');
                  }
                } catch (java.io.IOException e) {
                  // the process ended
                }
              },
              "inbox-browser-output");
      pump.start();
      boolean ended = process.waitFor(RUN_MINUTES, TimeUnit.MINUTES);
      if (!ended) {
        process.destroyForcibly();
      }
      pump.join(10_000);
      assertTrue(ended, "the browser run took more than " + RUN_MINUTES + " minutes:\n" + output);
      assertEquals(0, process.exitValue(), "the browser run failed:\n" + output);
    }
  }
}
