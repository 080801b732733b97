package com.whatatalk.engine.auth;

import static com.whatatalk.engine.auth.AuthTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.whatatalk.deploy.cassandra.CassandraNode;
import com.whatatalk.deploy.cassandra.junit.CassandraExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The first admin, with several nodes starting at once and then restarting. */
@ExtendWith(CassandraExtension.class)
class FirstAdminTest {
  private final CassandraNode cassandra;

  FirstAdminTest(CassandraNode cassandra) {
    this.cassandra = cassandra;
  }

  @Test
  void nodesStartingTogetherCreateOneAdminWithAOneTimePasswordOnceAndNeverAgain() {
    Config config = AuthTesting.config(cassandra, CassandraExtension.uniqueKeyspace("first_admin"));
    ActorTestKit node1 = AuthTesting.start(config, null);
    ActorTestKit node2 = AuthTesting.start(config, node1.system());
    try {
      List<AuthService> services =
          List.of(
              AuthService.create(node1.system()), AuthService.create(node2.system()),
              AuthService.create(node1.system()), AuthService.create(node2.system()));
      List<FirstAdmin.Result> results =
          services.stream()
              .map(s -> FirstAdmin.ensure(s).toCompletableFuture())
              .toList()
              .stream()
              .map(CompletableFuture::join)
              .toList();
      List<FirstAdmin.Result> created =
          results.stream()
              .filter(r -> r.outcome() == FirstAdmin.Outcome.CREATED_WITH_ONE_TIME_PASSWORD)
              .toList();
      assertEquals(1, created.size(), results.toString());
      String password = created.get(0).oneTimePassword().orElseThrow();
      assertTrue(
          results.stream()
              .filter(r -> r != created.get(0))
              .allMatch(r -> r.oneTimePassword().isEmpty()),
          "only one node prints a password");

      List<User> users = await(services.get(0).list());
      assertEquals(1, users.size());
      User admin = users.get(0);
      assertEquals("admin@whatatalk.local", admin.email());
      assertEquals(Role.ADMIN, admin.role());
      assertTrue(admin.mustChangePassword());
      assertInstanceOf(
          AuthService.LoggedIn.class,
          await(services.get(1).login("admin@whatatalk.local", password, "127.0.0.1")));

      // a later start finds it
      FirstAdmin.Result again = await(FirstAdmin.ensure(AuthService.create(node2.system())));
      assertEquals(FirstAdmin.Outcome.ALREADY_PRESENT, again.outcome());
      assertTrue(again.oneTimePassword().isEmpty());
      assertEquals(1, await(services.get(0).list()).size());
    } finally {
      node2.shutdownTestKit();
      node1.shutdownTestKit();
    }
  }

  @Test
  void theAdminFromTheEnvironmentIsCreatedOnceWithItsPasswordAndNeverChanged() {
    Config config =
        ConfigFactory.parseString(
                """
                crm.engine.auth.first-admin.email = "Ops@Example.com"
                crm.engine.auth.first-admin.password = "from the environment"
                """)
            .withFallback(AuthTesting.config(cassandra, CassandraExtension.uniqueKeyspace("env_admin")));
    ActorTestKit node = AuthTesting.start(config, null);
    try {
      AuthService auth = AuthService.create(node.system());
      FirstAdmin.Result first = await(FirstAdmin.ensure(auth));
      assertEquals(FirstAdmin.Outcome.CREATED_WITH_GIVEN_PASSWORD, first.outcome());
      assertTrue(first.oneTimePassword().isEmpty());
      User admin = first.admin().orElseThrow();
      assertEquals("ops@example.com", admin.email());
      assertFalse(admin.mustChangePassword());

      AuthService.LoggedIn loggedIn =
          assertInstanceOf(
              AuthService.LoggedIn.class,
              await(auth.login("ops@example.com", "from the environment", "127.0.0.1")));
      await(auth.changePassword(loggedIn.user(), "from the environment", "changed in the app"));

      assertEquals(FirstAdmin.Outcome.ALREADY_PRESENT, await(FirstAdmin.ensure(auth)).outcome());
      assertInstanceOf(
          AuthService.LoggedIn.class,
          await(auth.login("ops@example.com", "changed in the app", "127.0.0.1")),
          "a restart does not reset the password to the environment's");
      assertEquals(1, await(auth.list()).size());
    } finally {
      node.shutdownTestKit();
    }
  }
}
