package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationException.Code.NOT_FOUND;
import static com.whatatalk.engine.conversation.ConversationException.Code.VALIDATION_FAILED;
import static com.whatatalk.engine.conversation.ConversationFixtures.ALICE;
import static com.whatatalk.engine.conversation.ConversationFixtures.T0;
import static com.whatatalk.engine.conversation.ConversationHarness.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.Conversation.ContactRenamed;
import com.whatatalk.engine.conversation.Conversation.RenameContact;
import com.whatatalk.engine.conversation.Conversation.Command;
import com.whatatalk.engine.conversation.Conversation.Event;
import com.whatatalk.engine.conversation.Conversation.State;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit.CommandResultWithReply;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RenameContact: the saved name travels as an event (serialized by the test kit), or is refused. */
@ExtendWith(LogCapturingExtension.class)
class ContactRenameTest {
  private static final ActorTestKit testKit =
      ActorTestKit.create("ContactRenameTest", ConversationFixtures.testKitConfig());

  private ConversationHarness c;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    c = new ConversationHarness(testKit.system(), ConversationFixtures.defaultSettings(), T0);
  }

  private CommandResultWithReply<Command, Event, State, StatusReply<Done>> rename(
      Conversation.Actor actor, String name) {
    return c.kit.runCommand(
        (ActorRef<StatusReply<Done>> replyTo) -> new RenameContact(actor, name, replyTo));
  }

  @Test
  void renameRecordsTheTrimmedNameAndClearingRecordsNull() {
    c.receiveText("wamid.A", T0);
    var renamed = rename(ALICE, "  Sheena Smith ");
    assertTrue(renamed.reply().isSuccess());
    assertEquals(new ContactRenamed(c.id, "Sheena Smith", ALICE, T0), renamed.event());

    var cleared = rename(ALICE, null);
    assertTrue(cleared.reply().isSuccess());
    assertEquals(new ContactRenamed(c.id, null, ALICE, T0), cleared.event());
    // The entity keeps no name: WhatsApp's profile name stays what the customer sent.
    assertEquals("Sheena Nelson", c.state().profileName());
  }

  @Test
  void refuseRenameBeforeAnyMessage() {
    var result = rename(ALICE, "Ghost");
    assertRejected(result.reply(), NOT_FOUND);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void refuseBlankOrTooLongNames() {
    c.receiveText("wamid.A", T0);
    var blank = rename(ALICE, "   ");
    assertRejected(blank.reply(), VALIDATION_FAILED);
    assertTrue(blank.hasNoEvents());
    String tooLong = "x".repeat(Conversation.CONTACT_NAME_MAX + 1);
    var longer = rename(ALICE, tooLong);
    assertRejected(longer.reply(), VALIDATION_FAILED);
    assertTrue(longer.hasNoEvents());
  }
}
