package com.whatatalk.engine.numbers;

import static com.whatatalk.engine.auth.AuthTesting.await;
import static com.whatatalk.engine.auth.AuthTesting.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import com.whatatalk.engine.auth.AuthException;
import com.whatatalk.engine.auth.AuthTesting;
import com.whatatalk.engine.auth.Role;
import com.whatatalk.engine.auth.User;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** Phone numbers in the real Cassandra, cached on two clustered nodes. */
@ExtendWith(CassandraExtension.class)
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PhoneNumbersTest {
  private static final User ADMIN = user(Role.ADMIN);
  private static final User AGENT = user(Role.AGENT);

  private final ActorTestKit node1;
  private final ActorTestKit node2;
  private final PhoneNumbers numbers1;
  private final PhoneNumbers numbers2;

  PhoneNumbersTest(CassandraNode cassandra) {
    Config config = AuthTesting.config(cassandra, CassandraExtension.uniqueKeyspace("phone_numbers"));
    node1 = AuthTesting.start(config, null);
    node2 = AuthTesting.start(config, node1.system());
    numbers1 = await(PhoneNumbers.create(node1.system()));
    numbers2 = await(PhoneNumbers.create(node2.system()));
    awaitTopicOnBothNodes();
  }

  /** Announcements reach only the topic instances the receptionist has spread so far. */
  private void awaitTopicOnBothNodes() {
    // Each node must know the other's instance: a change announced on node 2 reaches node 1 only
    // once node 2's receptionist has learnt of node 1's topic (gossip, slower under load).
    for (ActorTestKit node : List.of(node1, node2)) {
      ActorRef<Topic.Command<PhoneNumbers.Changed>> observer =
          node.spawn(Topic.create(PhoneNumbers.Changed.class, "whatatalk-phone-numbers"));
      TestProbe<Topic.TopicStats> stats = node.createTestProbe();
      stats.awaitAssert(
          Duration.ofSeconds(30),
          () -> {
            observer.tell(Topic.getTopicStats(stats.getRef()));
            assertTrue(stats.receiveMessage().topicInstanceCount() >= 2);
            return null;
          });
      node.stop(observer);
    }
  }

  @AfterAll
  void shutdown() {
    node2.shutdownTestKit();
    node1.shutdownTestKit();
  }

  private static User user(Role role) {
    return new User(
        UUID.randomUUID().toString(), role + "@example.com", "X", role, true, false, Instant.now(),
        null, null, null, null, null);
  }

  @Test
  void anAdminAddsANumberEveryNodeSeesItAndAnUpdateKeepsWhatIsNotSent() {
    PhoneNumber added =
        await(
            numbers1.create(
                ADMIN,
                new PhoneNumberChange("1111", "+1 555 010 1111", "2222", "EAAG-secret-token", null, null, false)));
    assertEquals(80, added.mps(), "the lowest tier by default");
    assertTrue(added.markAsRead());
    assertFalse(added.typingIndicator());
    assertEquals(ADMIN.id(), added.createdBy());
    assertEquals(Optional.of("EAAG-secret-token"), numbers1.accessTokenFor("1111"));
    assertFalse(added.toString().contains("EAAG-secret-token"));

    // node 2 hears of it through the cluster-wide topic (its periodic reload is an hour away)
    TestProbe<Object> probe = node2.createTestProbe();
    probe.awaitAssert(
        Duration.ofSeconds(15),
        () -> {
          assertEquals(Optional.of(added), numbers2.find("1111"));
          return null;
        });

    PhoneNumber updated =
        await(numbers2.update(ADMIN, "1111", new PhoneNumberChange(null, null, null, null, 1000, null, true)));
    assertEquals(1000, updated.mps());
    assertTrue(updated.typingIndicator());
    assertEquals("EAAG-secret-token", updated.accessToken(), "kept");
    assertEquals("+1 555 010 1111", updated.displayNumber());
    probe.awaitAssert(
        Duration.ofSeconds(15),
        () -> {
          assertEquals(1000, numbers1.find("1111").orElseThrow().mps());
          return null;
        });
  }

  @Test
  void duplicatesUnknownNumbersAgentsAndInvalidFieldsAreRefused() {
    PhoneNumberChange valid = new PhoneNumberChange("3333", "+44 20 7946 0000", "4444", "token", 250, true, true);
    await(numbers1.create(ADMIN, valid));
    assertEquals(AuthException.Kind.CONFLICT, ((AuthException) failure(numbers2.create(ADMIN, valid))).kind());
    assertEquals(
        AuthException.Kind.NOT_FOUND,
        ((AuthException) failure(numbers1.update(ADMIN, "9999", new PhoneNumberChange(null, null, null, null, 90, null, null)))).kind());
    assertEquals(AuthException.Kind.FORBIDDEN, ((AuthException) failure(numbers1.create(AGENT, valid))).kind());
    assertEquals(
        AuthException.Kind.FORBIDDEN,
        ((AuthException) failure(numbers1.update(AGENT, "3333", new PhoneNumberChange(null, null, null, null, 90, null, null)))).kind());

    AuthException e =
        (AuthException)
            failure(numbers1.create(ADMIN, new PhoneNumberChange("abc", "", null, "two words", 79, null, null)));
    assertEquals(
        Map.of(
            "phoneNumberId", "must be Meta's numeric id",
            "displayNumber", "is required",
            "wabaId", "is required",
            "accessToken", "must be one word of at most 1024 characters",
            "mps", "must be between 80 and 1000"),
        e.fields());
    e = (AuthException) failure(numbers1.update(ADMIN, "3333", new PhoneNumberChange("3334", null, null, null, 1001, null, null)));
    assertEquals(Map.of("mps", "must be between 80 and 1000", "phoneNumberId", "cannot be changed (add the number anew instead)"), e.fields());
  }
}
