package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationException.Code.CONFLICT;
import static com.whatatalk.engine.conversation.ConversationException.Code.NOT_ASSIGNEE;
import static com.whatatalk.engine.conversation.ConversationException.Code.NOT_FOUND;
import static com.whatatalk.engine.conversation.ConversationException.Code.VALIDATION_FAILED;
import static com.whatatalk.engine.conversation.ConversationException.Code.WINDOW_CLOSED;
import static com.whatatalk.engine.conversation.ConversationFixtures.ADMIN;
import static com.whatatalk.engine.conversation.ConversationFixtures.ALICE;
import static com.whatatalk.engine.conversation.ConversationFixtures.BOB;
import static com.whatatalk.engine.conversation.ConversationFixtures.T0;
import static com.whatatalk.engine.conversation.ConversationHarness.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.whatatalk.engine.conversation.Conversation.AgentAssigned;
import com.whatatalk.engine.conversation.Conversation.CommentAccepted;
import com.whatatalk.engine.conversation.Conversation.CommentAdded;
import com.whatatalk.engine.conversation.Conversation.ConversationArchived;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.ConversationReactivated;
import com.whatatalk.engine.conversation.Conversation.ConversationRead;
import com.whatatalk.engine.conversation.Conversation.ConversationUnarchived;
import com.whatatalk.engine.conversation.Conversation.ConversationUnassigned;
import com.whatatalk.engine.conversation.Conversation.Event;
import com.whatatalk.engine.conversation.Conversation.InboundMessageReceived;
import com.whatatalk.engine.conversation.Conversation.MessageAccepted;
import com.whatatalk.engine.conversation.Conversation.MessageInfo;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MessageStatusUpdated;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.Conversation.OutboundMessage;
import com.whatatalk.engine.conversation.Conversation.OutboundMessageAccepted;
import com.whatatalk.engine.conversation.Conversation.OutboundMessageQueued;
import com.whatatalk.engine.conversation.Conversation.OutboundSendFailed;
import com.whatatalk.engine.conversation.Conversation.PendingStatus;
import com.whatatalk.engine.conversation.Conversation.PendingStatusRecorded;
import com.whatatalk.engine.conversation.Conversation.State;
import com.whatatalk.engine.conversation.Conversation.Summary;
import com.whatatalk.engine.conversation.ConversationHarness.ReceiveInboundTemplate;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every rule of the conversation entity, accepting and refusing, through {@link
 * org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit} (which also checks that
 * every command, event and state serializes).
 */
@ExtendWith(LogCapturingExtension.class)
class ConversationTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create("ConversationTest", ConversationFixtures.testKitConfig());

  private static final Duration DAY = Duration.ofHours(24);
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final MetaError UNDELIVERABLE =
      new MetaError(131026, "Message undeliverable", "Unable to deliver message.");

  private ConversationHarness c;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void start() {
    c = newConversation(ConversationFixtures.defaultSettings());
  }

  private ConversationHarness newConversation(ConversationSettings settings) {
    return new ConversationHarness(testKit.system(), settings, T0);
  }

  /** Opens the window with a customer message at the current clock and queues a text. */
  private String queuedText() {
    c.receiveText("wamid.opening", c.clock.instant());
    return c.sendText(ALICE, "Your order shipped");
  }

  // --- Inbound messages ----------------------------------------------------------------------

  @Test
  void recordInboundTextAndOpenWindowFromMetaTimestamp() {
    Instant metaTime = T0.minus(Duration.ofMinutes(3));
    var result = c.receive("wamid.A", metaTime, MessageContent.Text.of("Does it come in blue?"));

    Summary summary = result.reply().getValue();
    assertEquals(metaTime.plus(DAY), summary.windowClosesAt());
    assertTrue(summary.windowOpen());
    assertEquals(1, summary.lastInboundSequence());
    assertEquals(c.id, summary.conversationId());

    InboundMessageReceived e = result.eventOfType(InboundMessageReceived.class);
    assertEquals(
        new InboundMessageReceived(
            c.id,
            "wamid.A",
            1,
            c.waId(),
            null,
            "Sheena Nelson",
            metaTime,
            null,
            MessageContent.Text.of("Does it come in blue?"),
            metaTime.plus(DAY),
            T0),
        e);
    assertEquals(1, result.events().size());

    State state = result.state();
    assertEquals(List.of("wamid.A"), state.recentInboundWamids());
    assertEquals("Sheena Nelson", state.profileName());
    assertEquals(metaTime.plus(DAY), state.windowClosesAt());
  }

  @Test
  void ignoreInboundMessageSeenTwice() {
    c.receiveText("wamid.A", T0);
    State before = c.state();

    var again = c.receive("wamid.A", T0, MessageContent.Text.of("hello"));

    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents());
    assertEquals(before, again.state());
    assertEquals(1, again.reply().getValue().lastInboundSequence());
  }

  @Test
  void recordEveryInboundMessageType() {
    List<MessageContent> contents =
        List.of(
            MessageContent.Text.of("hi"),
            new MessageContent.Media(
                MediaKind.IMAGE, "1003383421387256", null, "Taj Mahal", null, "image/jpeg", "SfIn"),
            new MessageContent.Media(MediaKind.VIDEO, "11", null, "clip", null, "video/mp4", "a"),
            new MessageContent.Media(
                MediaKind.AUDIO, "12", null, null, null, "audio/ogg; codecs=opus", "b"),
            new MessageContent.Media(
                MediaKind.DOCUMENT, "13", null, "receipt", "receipt.pdf", "application/pdf", "c"),
            new MessageContent.Media(MediaKind.STICKER, "14", null, null, null, "image/webp", "d"),
            new MessageContent.Location(
                37.44221496582, -122.16165924072, "Philz Coffee", "101 Forest Ave", null),
            new MessageContent.Contacts(
                List.of(
                    new MessageContent.SharedContact(
                        new MessageContent.ContactName(
                            "Lucía Gómez", "Lucía", "Gómez", null, null, null),
                        List.of(
                            new MessageContent.ContactPhone(
                                "+1 (983) 555-2319", "MOBILE", "19835552319")),
                        List.of(new MessageContent.ContactEmail("lucia@example.com", "HOME")),
                        new MessageContent.ContactOrg("Lucky Shrub", null, "Owner"),
                        List.of(),
                        List.of(),
                        null))),
            new MessageContent.ButtonReply("cancel-button", "Cancel"),
            new MessageContent.ListReply(
                "priority_express", "Priority Mail Express", "Next Day to 2 Days"),
            new MessageContent.TemplateButtonReply("Unsubscribe", "Unsubscribe"),
            new MessageContent.Reaction("wamid.ours", "👍"),
            new MessageContent.Reaction("wamid.ours", null),
            new MessageContent.Unsupported(
                "edit", 131051, "Message type unknown", "Message type is not currently supported"),
            new MessageContent.SystemNotice(
                "user_changed_number", "User A changed from 1650 to 1651", "16505551111", null));

    for (int i = 0; i < contents.size(); i++) {
      var result = c.receive("wamid.type-" + i, T0, contents.get(i));
      assertTrue(result.reply().isSuccess(), () -> "refused: " + result.reply());
      InboundMessageReceived e = result.eventOfType(InboundMessageReceived.class);
      assertEquals(contents.get(i), e.content());
      assertEquals(i + 1, e.sequence());
    }
    assertEquals(contents.size(), c.state().lastInboundSequence());
    assertTrue(new MessageContent.Reaction("wamid.ours", null).removal());
  }

  @Test
  void keepQuotedMessageProfileNameAndBothCustomerIds() {
    var result =
        c.receive(
            new ReceiveInboundTemplate(
                "wamid.B",
                c.waId(),
                "US.13491208655302741918",
                "Krish",
                T0,
                "wamid.quoted",
                new MessageContent.ButtonReply("yes", "Yes")));

    InboundMessageReceived e = result.eventOfType(InboundMessageReceived.class);
    assertEquals("wamid.quoted", e.contextWamid());
    assertEquals("US.13491208655302741918", e.userId());
    State s = result.state();
    assertEquals(c.waId(), s.waId());
    assertEquals("US.13491208655302741918", s.userId());
    assertEquals("Krish", s.profileName());

    // A later message without a profile name or user id keeps what is known.
    c.receive(
        new ReceiveInboundTemplate(
            "wamid.C", c.waId(), null, null, T0, null, MessageContent.Text.of("x")));
    assertEquals("US.13491208655302741918", c.state().userId());
    assertEquals("Krish", c.state().profileName());
  }

  @Test
  void systemMessageDoesNotOpenTheWindow() {
    var result =
        c.receive(
            "wamid.sys",
            T0,
            new MessageContent.SystemNotice("user_changed_user_id", "changed", null, "US.2"));

    assertTrue(result.reply().isSuccess());
    assertNull(result.state().windowClosesAt());
    assertFalse(result.reply().getValue().windowOpen());
    assertEquals(1, result.state().lastInboundSequence());
    assertRejected(c.send(ALICE, MessageContent.Text.of("hi")).reply(), WINDOW_CLOSED);
  }

  @Test
  void rejectInboundWithoutWamidOrTimestamp() {
    var noWamid = c.receive(" ", T0, MessageContent.Text.of("x"));
    assertRejected(noWamid.reply(), VALIDATION_FAILED);
    assertTrue(noWamid.hasNoEvents());

    var noTime = c.receive("wamid.X", null, MessageContent.Text.of("x"));
    assertRejected(noTime.reply(), VALIDATION_FAILED);
    assertTrue(noTime.hasNoEvents());
  }

  @Test
  void rememberOnlyTheLastInboundWamids() {
    c = newConversation(ConversationFixtures.settings(100, 3, 500, 100));
    for (int i = 1; i <= 5; i++) {
      c.receiveText("wamid." + i, T0);
    }
    assertEquals(List.of("wamid.3", "wamid.4", "wamid.5"), c.state().recentInboundWamids());
    assertEquals(5, c.state().lastInboundSequence());
    assertTrue(c.receive("wamid.5", T0, MessageContent.Text.of("hello")).hasNoEvents());
  }

  // --- The 24-hour customer service window ---------------------------------------------------

  @Test
  void allowFreeTextOneSecondBefore24hFromMetaTimestamp() {
    c.receiveText("wamid.A", T0);
    c.clock.set(T0.plus(DAY).minus(SECOND));

    var result = c.send(ALICE, MessageContent.Text.of("still in time"));

    assertTrue(result.reply().isSuccess());
    assertTrue(result.eventOfType(OutboundMessageQueued.class) != null);
  }

  @Test
  void rejectFreeTextOneSecondAfter24hFromMetaTimestamp() {
    c.receiveText("wamid.A", T0);
    c.clock.set(T0.plus(DAY).plus(SECOND));

    var result = c.send(ALICE, MessageContent.Text.of("too late"));

    String detail = assertRejected(result.reply(), WINDOW_CLOSED);
    assertTrue(detail.contains(T0.plus(DAY).toString()), detail);
    assertTrue(result.hasNoEvents());
    assertTrue(result.state().outbound().isEmpty());
  }

  @Test
  void windowIsClosedAtExactly24h() {
    c.receiveText("wamid.A", T0);
    c.clock.set(T0.plus(DAY));
    assertRejected(c.send(ALICE, MessageContent.Text.of("now")).reply(), WINDOW_CLOSED);
    assertFalse(c.get().windowOpen());
  }

  @Test
  void measureWindowFromMetaTimestampNotArrivalTime() {
    // Sent by the customer at T0, delivered to us two hours later.
    c.clock.set(T0.plus(Duration.ofHours(2)));
    Summary summary = c.receiveText("wamid.A", T0);
    assertEquals(T0.plus(DAY), summary.windowClosesAt());

    c.clock.set(T0.plus(DAY).plus(SECOND)); // arrival + 24h would still be open
    assertRejected(c.send(ALICE, MessageContent.Text.of("x")).reply(), WINDOW_CLOSED);
  }

  @Test
  void refreshWindowOnEachNewCustomerMessage() {
    c.receiveText("wamid.A", T0);
    c.clock.set(T0.plus(Duration.ofHours(20)));
    c.receiveText("wamid.B", T0.plus(Duration.ofHours(20)));
    c.clock.set(T0.plus(Duration.ofHours(30)));

    assertEquals(T0.plus(Duration.ofHours(44)), c.get().windowClosesAt());
    assertTrue(c.send(ALICE, MessageContent.Text.of("ok")).reply().isSuccess());
  }

  @Test
  void lateOldMessageDoesNotMoveTheWindowBack() {
    c.receiveText("wamid.new", T0);
    c.clock.set(T0.plus(Duration.ofHours(1)));

    var late = c.receive("wamid.old", T0.minus(Duration.ofHours(5)), MessageContent.Text.of("x"));

    assertEquals(T0.plus(DAY), late.eventOfType(InboundMessageReceived.class).windowClosesAt());
    assertEquals(T0.plus(DAY), late.state().windowClosesAt());
  }

  @Test
  void lateOldMessageDoesNotReopenAClosedWindow() {
    c.receiveText("wamid.A", T0);
    c.clock.set(T0.plus(Duration.ofHours(30)));

    // Written at T0+1h, when the window was open; delivered 29 hours later.
    var late = c.receive("wamid.late", T0.plus(Duration.ofHours(1)), MessageContent.Text.of("x"));

    assertTrue(late.reply().isSuccess());
    assertFalse(late.reply().getValue().windowOpen());
    assertEquals(T0.plus(Duration.ofHours(25)), late.state().windowClosesAt());
    var send = c.send(ALICE, MessageContent.Text.of("reply"));
    assertRejected(send.reply(), WINDOW_CLOSED);
    assertTrue(send.hasNoEvents());
  }

  @Test
  void lateMessageOfANeverOpenedWindowDoesNotOpenIt() {
    c.clock.set(T0.plus(Duration.ofHours(26)));
    var late = c.receive("wamid.late", T0, MessageContent.Text.of("old"));

    assertFalse(late.reply().getValue().windowOpen());
    assertRejected(c.send(ALICE, MessageContent.Text.of("x")).reply(), WINDOW_CLOSED);
  }

  @Test
  void allowTemplatesOutsideTheWindow() {
    var result = c.send(ALICE, ConversationFixtures.template());

    assertTrue(result.reply().isSuccess());
    OutboundMessageQueued e = result.eventOfType(OutboundMessageQueued.class);
    assertEquals(ConversationFixtures.template(), e.content());
    assertEquals(c.waId(), e.recipientWaId());
  }

  @Test
  void rejectEveryNonTemplateOutsideTheWindow() {
    c.receiveText("wamid.A", T0);
    c.clock.set(T0.plus(DAY).plus(SECOND));
    List<MessageContent> contents =
        List.of(
            MessageContent.Text.of("x"),
            MessageContent.Media.byId(MediaKind.IMAGE, "123", "caption"),
            new MessageContent.InteractiveButtons(
                null, "Pick", null, List.of(new MessageContent.ReplyButton("a", "A"))),
            new MessageContent.InteractiveList(
                null,
                "Pick",
                null,
                "Options",
                List.of(
                    new MessageContent.ListSection(
                        null, List.of(new MessageContent.ListRow("r", "Row", null))))),
            new MessageContent.Reaction("wamid.A", "👍"),
            new MessageContent.Location(1, 2, null, null, null));
    for (MessageContent content : contents) {
      var result = c.send(ALICE, content);
      assertRejected(result.reply(), WINDOW_CLOSED);
      assertTrue(result.hasNoEvents());
    }
    assertTrue(c.send(ALICE, ConversationFixtures.template()).reply().isSuccess());
  }

  // --- Outbound messages ---------------------------------------------------------------------

  @Test
  void queueTextWithMessageIdAndQueuedStatus() {
    c.receiveText("wamid.A", T0);
    var result = c.send(ALICE, "client-1", "wamid.A", MessageContent.Text.of("Hi Sheena"));

    MessageAccepted accepted = result.reply().getValue();
    assertEquals(MessageStatus.QUEUED, accepted.status());
    assertEquals("client-1", accepted.clientMessageId());
    assertFalse(accepted.duplicate());
    assertEquals(
        new OutboundMessageQueued(
            c.id,
            accepted.messageId(),
            "client-1",
            ALICE,
            c.waId(),
            null,
            "wamid.A",
            MessageContent.Text.of("Hi Sheena"),
            T0),
        result.event());
    assertEquals(
        List.of(
            new OutboundMessage(
                accepted.messageId(), "client-1", null, MessageStatus.QUEUED, null, T0, T0)),
        result.state().outbound());
  }

  @Test
  void giveEachMessageItsOwnId() {
    c.receiveText("wamid.A", T0);
    assertNotEquals(c.sendText(ALICE, "one"), c.sendText(ALICE, "two"));
    assertEquals(2, c.state().outbound().size());
  }

  @Test
  void sameClientMessageIdTwiceCreatesOneMessage() {
    c.receiveText("wamid.A", T0);
    var first = c.send(ALICE, "retry-me", null, MessageContent.Text.of("Hi"));
    var second = c.send(ALICE, "retry-me", null, MessageContent.Text.of("Hi"));

    assertTrue(second.hasNoEvents());
    assertEquals(first.reply().getValue().messageId(), second.reply().getValue().messageId());
    assertTrue(second.reply().getValue().duplicate());
    assertEquals(1, second.state().outbound().size());
  }

  @Test
  void retryWithSameClientMessageIdReturnsFirstMessageEvenAfterWindowClosed() {
    c.receiveText("wamid.A", T0);
    String messageId =
        c.send(ALICE, "k1", null, MessageContent.Text.of("Hi")).reply().getValue().messageId();
    c.accept(messageId, "wamid.out");
    c.status("wamid.out", MessageStatus.DELIVERED, T0, null);
    c.clock.set(T0.plus(Duration.ofDays(2)));

    var retry = c.send(ALICE, "k1", null, MessageContent.Text.of("Hi"));

    assertTrue(retry.hasNoEvents());
    assertEquals(
        new MessageAccepted(messageId, "k1", MessageStatus.DELIVERED, true),
        retry.reply().getValue());
  }

  @Test
  void rejectTextOverMetaLimitWithTheField() {
    c.receiveText("wamid.A", T0);
    var result = c.send(ALICE, MessageContent.Text.of("x".repeat(4097)));

    String detail = assertRejected(result.reply(), VALIDATION_FAILED);
    assertEquals("text.body: at most 4096 characters, was 4097", detail);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void rejectInteractiveButtonsOverMetaLimits() {
    c.receiveText("wamid.A", T0);
    var result =
        c.send(
            ALICE,
            new MessageContent.InteractiveButtons(
                null,
                "Choose",
                null,
                List.of(
                    new MessageContent.ReplyButton("a", "Change"),
                    new MessageContent.ReplyButton("b", "A title of 21 chars!!"))));

    String detail = assertRejected(result.reply(), VALIDATION_FAILED);
    assertEquals(
        "interactive.action.buttons[1].reply.title: at most 20 characters, was 21", detail);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void rejectInboundOnlyContentAndMissingActor() {
    c.receiveText("wamid.A", T0);
    var reply = c.send(ALICE, new MessageContent.ButtonReply("id", "title"));
    assertTrue(assertRejected(reply.reply(), VALIDATION_FAILED).startsWith("type:"));
    assertTrue(reply.hasNoEvents());

    var noActor = c.send(null, MessageContent.Text.of("hi"));
    assertRejected(noActor.reply(), VALIDATION_FAILED);
    assertTrue(noActor.hasNoEvents());
  }

  @Test
  void queueEveryOutboundKindInsideTheWindow() {
    c.receiveText("wamid.A", T0);
    List<MessageContent> contents =
        List.of(
            MessageContent.Media.byId(MediaKind.IMAGE, "1479537139650973", "The best succulent"),
            MessageContent.Media.byLink(MediaKind.VIDEO, "https://example.com/v.mp4", "Demo"),
            MessageContent.Media.byId(MediaKind.AUDIO, "55", null),
            MessageContent.Media.document("56", "Invoice", "lucky-shrub-invoice.pdf"),
            MessageContent.Media.byId(MediaKind.STICKER, "57", null),
            new MessageContent.InteractiveButtons(
                new MessageContent.InteractiveHeader(
                    null, MessageContent.Media.byId(MediaKind.IMAGE, "2762702990552401", null)),
                "Hi Pablo! Your workshop is at 9am tomorrow.",
                "Lucky Shrub",
                List.of(
                    new MessageContent.ReplyButton("change-button", "Change"),
                    new MessageContent.ReplyButton("cancel-button", "Cancel"))),
            new MessageContent.InteractiveList(
                "Choose Shipping Option",
                "Which shipping option do you prefer?",
                "Lucky Shrub",
                "Shipping Options",
                List.of(
                    new MessageContent.ListSection(
                        "I want it ASAP!",
                        List.of(
                            new MessageContent.ListRow(
                                "priority_express", "Priority Mail Express", "Next Day to 2 Days"),
                            new MessageContent.ListRow(
                                "priority_mail", "Priority Mail", "1–3 Days"))),
                    new MessageContent.ListSection(
                        "I can wait a bit",
                        List.of(new MessageContent.ListRow("media_mail", "Media Mail", null))))),
            new MessageContent.Template(
                "reservation_confirmation",
                "en_US",
                List.of(
                    new MessageContent.TemplateComponent(
                        MessageContent.ComponentType.HEADER,
                        null,
                        null,
                        List.of(
                            new MessageContent.MediaParameter(
                                null, MediaKind.IMAGE, null, "https://example.com/h.jpg", null))),
                    MessageContent.TemplateComponent.body(
                        new MessageContent.TextParameter("number_of_guests", "4"),
                        new MessageContent.TextParameter("day", "Saturday")),
                    new MessageContent.TemplateComponent(
                        MessageContent.ComponentType.BUTTON,
                        MessageContent.ButtonSubType.QUICK_REPLY,
                        0,
                        List.of(new MessageContent.PayloadParameter(null, "CANCEL"))))),
            new MessageContent.Reaction("wamid.A", "😀"),
            new MessageContent.Reaction("wamid.A", ""),
            new MessageContent.Location(37.758056, -122.425332, "META HQ", "1 Hacker Way", null));

    for (MessageContent content : contents) {
      var result = c.send(ALICE, null, "wamid.A", content);
      assertTrue(result.reply().isSuccess(), () -> content + " refused: " + result.reply());
      OutboundMessageQueued e = result.eventOfType(OutboundMessageQueued.class);
      assertEquals(content, e.content());
      assertEquals("wamid.A", e.contextWamid());
    }
    assertEquals(contents.size(), c.state().outbound().size());
  }

  @Test
  void rejectReactionToAMessageOfAnotherConversation() {
    c.receiveText("wamid.A", T0);
    var result = c.send(ALICE, new MessageContent.Reaction("wamid.elsewhere", "👍"));

    assertRejected(result.reply(), NOT_FOUND);
    assertTrue(result.hasNoEvents());
  }

  @Test
  void allowReactionToOurOwnAcceptedMessage() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.ours");

    assertTrue(c.send(ALICE, new MessageContent.Reaction("wamid.ours", "❤")).reply().isSuccess());
  }

  @Test
  void keepOnlyTheLastOutboundMessages() {
    c = newConversation(ConversationFixtures.settings(100, 1000, 2, 100));
    c.receiveText("wamid.A", T0);
    String first = c.sendText(ALICE, "1");
    String second = c.sendText(ALICE, "2");
    String third = c.sendText(ALICE, "3");

    assertEquals(
        List.of(second, third),
        c.state().outbound().stream().map(OutboundMessage::messageId).toList());
    assertRejected(c.getMessage(first), NOT_FOUND);
  }

  // --- Assignment ----------------------------------------------------------------------------

  @Test
  void whenAssignedOnlyTheAssigneeAndAdminsMaySend() {
    c.receiveText("wamid.A", T0);
    var assigned = c.assign(ADMIN, "alice");
    assertEquals(new AgentAssigned(c.id, "alice", null, ADMIN, T0), assigned.event());
    assertEquals("alice", assigned.reply().getValue().assigneeId());

    var byBob = c.send(BOB, MessageContent.Text.of("I'll take it"));
    String detail = assertRejected(byBob.reply(), NOT_ASSIGNEE);
    assertTrue(detail.contains("alice"), detail);
    assertTrue(byBob.hasNoEvents());

    assertTrue(c.send(ALICE, MessageContent.Text.of("from alice")).reply().isSuccess());
    assertTrue(c.send(ADMIN, MessageContent.Text.of("from an admin")).reply().isSuccess());
  }

  @Test
  void whenUnassignedAnyAgentMaySend() {
    c.receiveText("wamid.A", T0);
    assertTrue(c.send(BOB, MessageContent.Text.of("bob")).reply().isSuccess());
    assertTrue(c.send(ALICE, MessageContent.Text.of("alice")).reply().isSuccess());
  }

  @Test
  void agentMayTakeAnUnassignedConversationAndHandItOver() {
    var take = c.assign(ALICE, "alice");
    assertEquals(new AgentAssigned(c.id, "alice", null, ALICE, T0), take.event());

    c.clock.advance(Duration.ofMinutes(5));
    var handOver = c.assign(ALICE, "bob");
    assertEquals(
        new AgentAssigned(c.id, "bob", "alice", ALICE, T0.plus(Duration.ofMinutes(5))),
        handOver.event());
    assertEquals("bob", handOver.state().assigneeId());
  }

  @Test
  void agentMayNotReassignSomeoneElsesConversationButAnAdminMay() {
    c.assign(ADMIN, "alice");

    var byBob = c.assign(BOB, "bob");
    assertRejected(byBob.reply(), NOT_ASSIGNEE);
    assertTrue(byBob.hasNoEvents());
    assertEquals("alice", byBob.state().assigneeId());

    var byAdmin = c.assign(ADMIN, "bob");
    assertEquals(new AgentAssigned(c.id, "bob", "alice", ADMIN, T0), byAdmin.event());
  }

  @Test
  void assigningTheSameAgentAgainChangesNothing() {
    c.assign(ADMIN, "alice");
    var again = c.assign(ADMIN, "alice");
    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void unassignByAssigneeOrAdminOnly() {
    c.assign(ADMIN, "alice");

    var byBob = c.unassign(BOB);
    assertRejected(byBob.reply(), NOT_ASSIGNEE);
    assertTrue(byBob.hasNoEvents());

    var byAlice = c.unassign(ALICE);
    assertEquals(new ConversationUnassigned(c.id, "alice", ALICE, T0), byAlice.event());
    assertNull(byAlice.state().assigneeId());
    assertNull(byAlice.reply().getValue().assigneeId());

    var again = c.unassign(ADMIN);
    assertTrue(again.reply().isSuccess());
    assertTrue(again.hasNoEvents());
  }

  @Test
  void rejectAssignmentWithoutAssignee() {
    var result = c.assign(ADMIN, "");
    assertRejected(result.reply(), VALIDATION_FAILED);
    assertTrue(result.hasNoEvents());
  }

  // --- Comments ------------------------------------------------------------------------------

  @Test
  void recordCommentsAsInternalNotesNeverSent() {
    c.receiveText("wamid.A", T0);
    State before = c.state();
    var result = c.comment(BOB, "Customer is a VIP, be nice");

    CommentAccepted accepted = result.reply().getValue();
    assertEquals(
        new CommentAdded(c.id, accepted.commentId(), BOB, "Customer is a VIP, be nice", T0),
        result.event());
    assertEquals(1, result.events().size());
    assertEquals(before, result.state()); // nothing queued to the customer
  }

  @Test
  void rejectBlankOrOverlongComment() {
    var blank = c.comment(BOB, "  ");
    assertRejected(blank.reply(), VALIDATION_FAILED);
    assertTrue(blank.hasNoEvents());

    var longOne = c.comment(BOB, "x".repeat(Conversation.COMMENT_MAX + 1));
    assertRejected(longOne.reply(), VALIDATION_FAILED);
    assertTrue(longOne.hasNoEvents());
  }

  // --- Archive -------------------------------------------------------------------------------

  @Test
  void archiveAndUnarchive() {
    var archived = c.archive(ALICE);
    assertEquals(new ConversationArchived(c.id, ALICE, T0), archived.event());
    assertTrue(archived.reply().getValue().archived());
    assertTrue(c.archive(BOB).hasNoEvents());

    var unarchived = c.unarchive(BOB);
    assertEquals(new ConversationUnarchived(c.id, BOB, T0), unarchived.event());
    assertFalse(unarchived.state().archived());
    assertTrue(c.unarchive(BOB).hasNoEvents());
  }

  @Test
  void newCustomerMessageReactivatesAnArchivedConversation() {
    c.receiveText("wamid.A", T0);
    c.archive(ALICE);

    var result = c.receive("wamid.B", T0, MessageContent.Text.of("hello again"));

    assertEquals(2, result.events().size());
    assertEquals(InboundMessageReceived.class, result.events().get(0).getClass());
    assertEquals(new ConversationReactivated(c.id, "wamid.B", T0), result.events().get(1));
    assertFalse(result.state().archived());
    assertFalse(result.reply().getValue().archived());
  }

  @Test
  void systemMessageOrRedeliveryDoesNotReactivate() {
    c.receiveText("wamid.A", T0);
    c.archive(ALICE);

    var system =
        c.receive(
            "wamid.S", T0, new MessageContent.SystemNotice("user_changed_number", "x", "1", null));
    assertEquals(1, system.events().size());
    assertTrue(system.state().archived());

    var redelivered = c.receive("wamid.A", T0, MessageContent.Text.of("hello"));
    assertTrue(redelivered.hasNoEvents());
    assertTrue(redelivered.state().archived());
  }

  // --- Unread per agent ----------------------------------------------------------------------

  @Test
  void unreadCountIsPerAgent() {
    for (int i = 1; i <= 3; i++) {
      c.receiveText("wamid." + i, T0);
    }
    var read = c.markRead(ALICE, null);
    assertEquals(new ConversationRead(c.id, "alice", 3, T0), read.event());
    Summary summary = read.reply().getValue();
    assertEquals(0, summary.unreadFor("alice"));
    assertEquals(3, summary.unreadFor("bob"));

    c.receiveText("wamid.4", T0);
    Summary later = c.get();
    assertEquals(1, later.unreadFor("alice"));
    assertEquals(4, later.unreadFor("bob"));
    assertEquals(1, c.state().unreadFor("alice"));
  }

  @Test
  void readPositionOnlyMovesForward() {
    for (int i = 1; i <= 3; i++) {
      c.receiveText("wamid." + i, T0);
    }
    var upTo2 = c.markRead(BOB, 2L);
    assertEquals(new ConversationRead(c.id, "bob", 2, T0), upTo2.event());
    assertEquals(1, upTo2.reply().getValue().unreadFor("bob"));

    var back = c.markRead(BOB, 1L);
    assertTrue(back.hasNoEvents());
    assertEquals(1, back.reply().getValue().unreadFor("bob"));

    var beyond = c.markRead(BOB, 4L);
    assertRejected(beyond.reply(), VALIDATION_FAILED);
    assertTrue(beyond.hasNoEvents());
  }

  @Test
  void markingAnEmptyConversationReadChangesNothing() {
    var result = c.markRead(ALICE, null);
    assertTrue(result.reply().isSuccess());
    assertTrue(result.hasNoEvents());
  }

  // --- Send results and status -----------------------------------------------------------------

  @Test
  void recordSendResultThenStatusesUpTheLattice() {
    String messageId = queuedText();

    var accepted = c.accept(messageId, "wamid.out");
    assertEquals(new OutboundMessageAccepted(c.id, messageId, "wamid.out", T0), accepted.event());
    assertEquals(StatusReply.ack(), accepted.reply());
    assertEquals(MessageStatus.QUEUED, accepted.state().message(messageId).orElseThrow().status());

    Instant sentAt = T0.plusSeconds(1);
    var sent = c.status("wamid.out", MessageStatus.SENT, sentAt, null);
    assertEquals(
        new MessageStatusUpdated(
            c.id, messageId, "wamid.out", MessageStatus.SENT, sentAt, null, T0),
        sent.event());

    c.status("wamid.out", MessageStatus.DELIVERED, T0.plusSeconds(2), null);
    var read = c.status("wamid.out", MessageStatus.READ, T0.plusSeconds(3), null);
    assertEquals(MessageStatus.READ, read.eventOfType(MessageStatusUpdated.class).status());

    MessageInfo info = c.getMessage(messageId).getValue();
    assertEquals(
        new MessageInfo(
            messageId, null, "wamid.out", MessageStatus.READ, null, T0, T0.plusSeconds(3)),
        info);
  }

  @Test
  void lateDeliveredNeverOverwritesRead() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.out");
    c.status("wamid.out", MessageStatus.READ, T0.plusSeconds(3), null);

    var late = c.status("wamid.out", MessageStatus.DELIVERED, T0.plusSeconds(2), null);

    assertEquals(StatusReply.ack(), late.reply());
    assertTrue(late.hasNoEvents());
    assertEquals(MessageStatus.READ, late.state().message(messageId).orElseThrow().status());
  }

  @Test
  void readAloneImpliesDelivered() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.out");

    var read = c.status("wamid.out", MessageStatus.READ, T0, null);
    assertEquals(MessageStatus.READ, read.eventOfType(MessageStatusUpdated.class).status());
    assertTrue(c.status("wamid.out", MessageStatus.DELIVERED, T0, null).hasNoEvents());
    assertTrue(c.status("wamid.out", MessageStatus.SENT, T0, null).hasNoEvents());
  }

  @Test
  void duplicateStatusChangesNothing() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.out");
    c.status("wamid.out", MessageStatus.SENT, T0, null);

    var dup = c.status("wamid.out", MessageStatus.SENT, T0, null);
    assertEquals(StatusReply.ack(), dup.reply());
    assertTrue(dup.hasNoEvents());
  }

  @Test
  void failedFromSentCarriesMetaError() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.out");
    c.status("wamid.out", MessageStatus.SENT, T0, null);

    var failed = c.status("wamid.out", MessageStatus.FAILED, T0.plusSeconds(5), UNDELIVERABLE);

    MessageStatusUpdated e = failed.eventOfType(MessageStatusUpdated.class);
    assertEquals(MessageStatus.FAILED, e.status());
    assertEquals(UNDELIVERABLE, e.error());
    OutboundMessage m = failed.state().message(messageId).orElseThrow();
    assertEquals(MessageStatus.FAILED, m.status());
    assertEquals(UNDELIVERABLE, m.error());
  }

  @Test
  void failedAfterDeliveredIsIgnored() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.out");
    c.status("wamid.out", MessageStatus.DELIVERED, T0, null);

    var failed = c.status("wamid.out", MessageStatus.FAILED, T0, UNDELIVERABLE);

    assertTrue(failed.hasNoEvents());
    OutboundMessage m = failed.state().message(messageId).orElseThrow();
    assertEquals(MessageStatus.DELIVERED, m.status());
    assertNull(m.error());
  }

  @Test
  void keepStatusThatRacedAheadOfTheSendResultAndApplyItLater() {
    String messageId = queuedText();

    var early = c.status("wamid.out", MessageStatus.DELIVERED, T0.plusSeconds(2), null);
    assertEquals(
        new PendingStatusRecorded(
            c.id, "wamid.out", MessageStatus.DELIVERED, T0.plusSeconds(2), null, T0),
        early.event());
    assertEquals(
        List.of(new PendingStatus("wamid.out", MessageStatus.DELIVERED, T0.plusSeconds(2), null)),
        early.state().pendingStatuses());
    assertTrue(c.status("wamid.out", MessageStatus.SENT, T0.plusSeconds(1), null).hasNoEvents());

    var accepted = c.accept(messageId, "wamid.out");
    assertEquals(
        List.of(
            new OutboundMessageAccepted(c.id, messageId, "wamid.out", T0),
            new MessageStatusUpdated(
                c.id,
                messageId,
                "wamid.out",
                MessageStatus.DELIVERED,
                T0.plusSeconds(2),
                null,
                T0)),
        accepted.events());
    assertTrue(accepted.state().pendingStatuses().isEmpty());
    assertEquals(
        MessageStatus.DELIVERED, accepted.state().message(messageId).orElseThrow().status());
  }

  @Test
  void keepOnlyTheLastPendingStatuses() {
    c = newConversation(ConversationFixtures.settings(100, 1000, 500, 2));
    c.status("wamid.1", MessageStatus.SENT, T0, null);
    c.status("wamid.2", MessageStatus.SENT, T0, null);
    c.status("wamid.3", MessageStatus.SENT, T0, null);
    c.status("wamid.2", MessageStatus.READ, T0, null);

    assertEquals(
        List.of("wamid.3", "wamid.2"),
        c.state().pendingStatuses().stream().map(PendingStatus::wamid).toList());
  }

  @Test
  void sendFailureMarksTheMessageFailedOnce() {
    String messageId = queuedText();
    MetaError throttled = new MetaError(131056, "Pair rate limit hit", "Too many messages");

    var failed = c.sendFailed(messageId, throttled);
    assertEquals(new OutboundSendFailed(c.id, messageId, throttled, T0), failed.event());
    OutboundMessage m = failed.state().message(messageId).orElseThrow();
    assertEquals(MessageStatus.FAILED, m.status());
    assertEquals(throttled, m.error());

    assertTrue(c.sendFailed(messageId, throttled).hasNoEvents());
    var acceptedAfterwards = c.accept(messageId, "wamid.late");
    assertRejected(acceptedAfterwards.reply(), CONFLICT);
    assertTrue(acceptedAfterwards.hasNoEvents());
  }

  @Test
  void firstSendResultWins() {
    String messageId = queuedText();
    c.accept(messageId, "wamid.out");

    var same = c.accept(messageId, "wamid.out");
    assertEquals(StatusReply.ack(), same.reply());
    assertTrue(same.hasNoEvents());

    var other = c.accept(messageId, "wamid.other");
    assertRejected(other.reply(), CONFLICT);
    assertTrue(other.hasNoEvents());

    var failedAfterAccepted = c.sendFailed(messageId, UNDELIVERABLE);
    assertRejected(failedAfterAccepted.reply(), CONFLICT);
    assertTrue(failedAfterAccepted.hasNoEvents());
  }

  @Test
  void rejectSendResultForUnknownMessageAndWamidOfAnotherMessage() {
    String first = queuedText();
    String second = c.sendText(ALICE, "second");
    c.accept(first, "wamid.1");

    assertRejected(c.accept("no-such-id", "wamid.x").reply(), NOT_FOUND);
    assertRejected(c.sendFailed("no-such-id", UNDELIVERABLE).reply(), NOT_FOUND);
    var reused = c.accept(second, "wamid.1");
    assertRejected(reused.reply(), CONFLICT);
    assertTrue(reused.hasNoEvents());
  }

  @Test
  void rejectStatusThatMetaNeverSends() {
    var queued = c.status("wamid.x", MessageStatus.QUEUED, T0, null);
    assertRejected(queued.reply(), VALIDATION_FAILED);
    assertTrue(queued.hasNoEvents());
    var noTime = c.status("wamid.x", MessageStatus.SENT, null, null);
    assertRejected(noTime.reply(), VALIDATION_FAILED);
  }

  @Test
  void getMessageOfUnknownIdIsNotFound() {
    assertRejected(c.getMessage("nope"), NOT_FOUND);
  }

  // --- Identity, tags, recovery --------------------------------------------------------------

  @Test
  void customerKeyPrefersWaIdAndFallsBackToBusinessScopedUserId() {
    assertEquals("16505551234", Conversation.customerKey("16505551234", "US.1349"));
    assertEquals("16505551234", Conversation.customerKey("+1 (650) 555-1234", null));
    assertEquals(
        "US.13491208655302741918", Conversation.customerKey(null, "US.13491208655302741918"));
    assertEquals("US.1", Conversation.customerKey(" ", "US.1"));
    assertThrows(IllegalArgumentException.class, () -> Conversation.customerKey(null, null));
    assertThrows(IllegalArgumentException.class, () -> Conversation.customerKey("abc", null));
    assertThrows(IllegalArgumentException.class, () -> Conversation.customerKey(null, "US|1"));
  }

  @Test
  void entityIdJoinsPhoneNumberIdAndCustomerKey() {
    String entityId = Conversation.entityId("106540352242922", "16505551234");
    assertEquals("106540352242922|16505551234", entityId);
    assertEquals(
        new ConversationId("106540352242922", "16505551234"), ConversationId.parse(entityId));
    assertThrows(IllegalArgumentException.class, () -> ConversationId.parse("no-separator"));
    assertThrows(IllegalArgumentException.class, () -> Conversation.entityId("", "1"));
    assertThrows(IllegalArgumentException.class, () -> Conversation.entityId("1|2", "3"));

    assertEquals(
        "Conversation|106540352242922|16505551234", Conversation.persistenceId(entityId).id());
    assertEquals(entityId, Conversation.entityIdOf("Conversation|106540352242922|16505551234"));
    assertThrows(IllegalArgumentException.class, () -> Conversation.entityIdOf("Other|1|2"));
  }

  @Test
  void conversationKeyedOnBusinessScopedUserIdSendsToIt() {
    String entityId = Conversation.entityId(ConversationFixtures.PHONE_NUMBER_ID, "US.77");
    c =
        new ConversationHarness(
            testKit.system(), ConversationFixtures.defaultSettings(), T0, entityId);
    assertEquals("US.77", c.state().userId());
    assertNull(c.state().waId());

    OutboundMessageQueued e =
        c.send(ALICE, ConversationFixtures.template()).eventOfType(OutboundMessageQueued.class);
    assertEquals("US.77", e.recipientUserId());
    assertNull(e.recipientWaId());
  }

  @Test
  void tagIsStableAndWithinTheSlices() {
    String entityId = "106540352242922|16505551234";
    String expected = "conversation-" + Math.floorMod(entityId.hashCode(), 8);
    assertEquals(expected, Conversation.tagFor(entityId, 8));
    assertEquals(Conversation.tagFor(entityId, 8), Conversation.tagFor(new String(entityId), 8));
    assertTrue(Conversation.tags(8).contains(Conversation.tagFor(entityId, 8)));
    assertEquals(8, Conversation.tags(8).size());
    for (int i = 0; i < 200; i++) {
      String tag = Conversation.tagFor("pn|" + (i * 7919), 4);
      assertTrue(
          List.of("conversation-0", "conversation-1", "conversation-2", "conversation-3")
              .contains(tag),
          tag);
    }
  }

  @Test
  void settingsComeFromReferenceConf() {
    ConversationSettings s = ConversationFixtures.defaultSettings();
    assertEquals(100, s.snapshotEvery());
    assertEquals(2, s.keepSnapshots());
    assertEquals(8, s.tagSlices());
    assertEquals(Duration.ofMinutes(2), s.passivateAfter());
    assertEquals(Duration.ofSeconds(5), s.askTimeout());
    assertEquals(1000, s.recentInboundIds());
    assertEquals(500, s.recentOutboundMessages());
    assertEquals(100, s.pendingStatuses());
    assertThrows(IllegalArgumentException.class, () -> ConversationFixtures.settings(0, 1, 1, 1));
  }

  @Test
  void recoverTheSameStateFromEvents() {
    State expected = exerciseEveryRule();
    assertEquals(expected, c.kit.restart().state());
  }

  @Test
  void recoverTheSameStateFromSnapshotsAndEvents() {
    c = newConversation(ConversationFixtures.settings(3, 1000, 500, 100));
    State expected = exerciseEveryRule();
    assertTrue(
        c.kit.snapshotTestKit().isPresent(), "the test kit should run with a snapshot store");
    assertEquals(expected, c.kit.restart().state());
    // and the entity keeps working after recovery
    assertTrue(c.receive("wamid.after", T0, MessageContent.Text.of("x")).events().size() == 1);
  }

  /** A bit of everything; returns the state reached. */
  private State exerciseEveryRule() {
    c.receive(
        new ReceiveInboundTemplate(
            "wamid.1", c.waId(), "US.9", "Ann", T0, null, MessageContent.Text.of("hi")));
    c.receiveText("wamid.2", T0.plusSeconds(10));
    c.assign(ADMIN, "alice");
    String m1 =
        c.send(ALICE, "cm-1", "wamid.1", MessageContent.Text.of("hello"))
            .reply()
            .getValue()
            .messageId();
    String m2 = c.sendText(ALICE, "second");
    c.status("wamid.m2", MessageStatus.SENT, T0, null); // before the send result
    c.accept(m1, "wamid.m1");
    c.status("wamid.m1", MessageStatus.READ, T0, null);
    c.accept(m2, "wamid.m2");
    c.status("wamid.m9", MessageStatus.DELIVERED, T0, null); // never matched
    c.comment(BOB, "note");
    c.markRead(BOB, 1L);
    c.archive(ALICE);
    c.receiveText("wamid.3", T0.plusSeconds(20));
    State state = c.state();
    assertEquals(MessageStatus.READ, state.message(m1).orElseThrow().status());
    assertEquals(MessageStatus.SENT, state.message(m2).orElseThrow().status());
    assertEquals(1, state.pendingStatuses().size());
    assertFalse(state.archived());
    assertEquals(2, state.unreadFor("bob"));
    return state;
  }

  @Test
  void everyEventCarriesTheConversationId() {
    exerciseEveryRule();
    List<Event> events = new ArrayList<>();
    c.kit
        .persistenceTestKit()
        .persistedInStorage(Conversation.persistenceId(c.entityId).id())
        .forEach(o -> events.add((Event) o));
    assertTrue(events.size() > 10);
    for (Event e : events) {
      assertEquals(c.id, e.conversationId(), e::toString);
    }
  }
}
