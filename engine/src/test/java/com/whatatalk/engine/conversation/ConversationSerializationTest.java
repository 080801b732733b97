package com.whatatalk.engine.conversation;

import static com.whatatalk.engine.conversation.ConversationFixtures.ADMIN;
import static com.whatatalk.engine.conversation.ConversationFixtures.ALICE;
import static com.whatatalk.engine.conversation.ConversationFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.whatatalk.engine.conversation.Conversation.ConversationId;
import com.whatatalk.engine.conversation.Conversation.MessageStatus;
import com.whatatalk.engine.conversation.Conversation.MetaError;
import com.whatatalk.engine.conversation.ConversationException.Code;
import com.whatatalk.engine.conversation.MessageContent.MediaKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, reply, event and state class, and every kind of message content, survives a round
 * trip through the serializer the cluster and the journal use (Jackson CBOR via the marker
 * interface), equal to the original. Java serialization is off, so a class that Jackson cannot
 * handle fails here rather than on the second node.
 */
@ExtendWith(LogCapturingExtension.class)
class ConversationSerializationTest {

  private static final ActorTestKit testKit =
      ActorTestKit.create(
          "ConversationSerializationTest",
          ConfigFactory.parseString("pekko.actor.serialize-messages = on")
              .withFallback(ConversationFixtures.LOGGING)
              .withFallback(ConfigFactory.load()));

  private static final ConversationId ID = new ConversationId("106540352242922", "16505551234");
  private static final MetaError ERROR =
      new MetaError(131047, "Re-engagement message", "More than 24 hours have passed.");

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static <T> ActorRef<T> probe() {
    return testKit.<T>createTestProbe().ref();
  }

  // --- Samples ---------------------------------------------------------------------------------

  static List<MessageContent> contents() {
    MessageContent.Media image =
        new MessageContent.Media(
            MediaKind.IMAGE, "1003383421387256", null, "Taj Mahal", null, "image/jpeg", "SfInY0");
    return List.of(
        new MessageContent.Text("Here's the link https://www.meta.com/quest/", true),
        image,
        MessageContent.Media.document("77", "Invoice", "invoice.pdf"),
        MessageContent.Media.byLink(MediaKind.VIDEO, "https://example.com/v.mp4", null),
        new MessageContent.Location(37.758056, -122.425332, "META HQ", "1 Hacker Way", null),
        new MessageContent.Contacts(
            List.of(
                new MessageContent.SharedContact(
                    new MessageContent.ContactName(
                        "John Smith", "John", "Smith", "Q", "Dr.", "Jr."),
                    List.of(
                        new MessageContent.ContactPhone("+1 650 555 1234", "WORK", "16505551234")),
                    List.of(new MessageContent.ContactEmail("test@whatsapp.com", "HOME")),
                    new MessageContent.ContactOrg("WhatsApp", "Design", "Manager"),
                    List.of(
                        new MessageContent.ContactAddress(
                            "1 Hacker Way",
                            "Menlo Park",
                            "CA",
                            "94025",
                            "United States",
                            "us",
                            "WORK")),
                    List.of(new MessageContent.ContactUrl("https://www.whatsapp.com", "HOME")),
                    "2012-08-18"))),
        new MessageContent.Reaction("wamid.X", "😀"),
        new MessageContent.Reaction("wamid.X", null),
        new MessageContent.ButtonReply("cancel-button", "Cancel"),
        new MessageContent.ListReply("priority_express", "Priority Mail Express", "Next Day"),
        new MessageContent.TemplateButtonReply("Unsubscribe", "Unsubscribe"),
        new MessageContent.Unsupported("edit", 131051, "Message type unknown", "Not supported"),
        new MessageContent.SystemNotice("user_changed_user_id", "changed", null, "US.2"),
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
                            "header_image",
                            MediaKind.IMAGE,
                            null,
                            "https://example.com/h.jpg",
                            null))),
                new MessageContent.TemplateComponent(
                    MessageContent.ComponentType.HEADER,
                    null,
                    null,
                    List.of(
                        new MessageContent.LocationParameter(null, 1.5, 2.5, "Shop", "Main St 1"))),
                MessageContent.TemplateComponent.body(
                    new MessageContent.TextParameter("first_name", "Jessica"),
                    new MessageContent.CurrencyParameter("total", "$100.99", "USD", 100990),
                    new MessageContent.DateTimeParameter("day", "February 25, 1977")),
                new MessageContent.TemplateComponent(
                    MessageContent.ComponentType.BUTTON,
                    MessageContent.ButtonSubType.QUICK_REPLY,
                    0,
                    List.of(new MessageContent.PayloadParameter(null, "ORDER_DETAILS"))))),
        new MessageContent.InteractiveButtons(
            new MessageContent.InteractiveHeader(null, image),
            "Hi Pablo!",
            "Lucky Shrub",
            List.of(new MessageContent.ReplyButton("change-button", "Change"))),
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
                            "priority_express", "Priority Mail Express", "Next Day"))))));
  }

  static List<Conversation.Command> commands() {
    return List.of(
        new Conversation.ReceiveInbound(
            "wamid.A", "16505551234", "US.1", "Sheena", T0, "wamid.Q", contents().get(0), probe()),
        new Conversation.SendMessage(ALICE, "client-1", "wamid.A", contents().get(13), probe()),
        new Conversation.RecordSendAccepted("m-1", "wamid.out", probe()),
        new Conversation.RecordSendFailed("m-1", ERROR, probe()),
        new Conversation.RecordStatus("wamid.out", MessageStatus.FAILED, T0, ERROR, probe()),
        new Conversation.Assign(ADMIN, "alice", probe()),
        new Conversation.Unassign(ALICE, probe()),
        new Conversation.AddComment(ALICE, "VIP", probe()),
        new Conversation.Archive(ALICE, probe()),
        new Conversation.Unarchive(ALICE, probe()),
        new Conversation.MarkRead(ALICE, 3L, probe()),
        new Conversation.MarkRead(ALICE, null, probe()),
        new Conversation.Get(probe()),
        new Conversation.GetMessage("m-1", probe()),
        new Conversation.RenameContact(ALICE, "Sheena Smith", probe()),
        new Conversation.RenameContact(ALICE, null, probe()));
  }

  static List<Conversation.Event> events() {
    Instant later = T0.plusSeconds(5);
    List<Conversation.Event> events = new ArrayList<>();
    for (MessageContent content : contents()) {
      events.add(
          new Conversation.InboundMessageReceived(
              ID,
              "wamid." + events.size(),
              events.size() + 1,
              "16505551234",
              "US.1",
              "Sheena",
              T0,
              "wamid.Q",
              content,
              T0.plus(Conversation.SERVICE_WINDOW),
              later));
    }
    events.addAll(
        List.of(
            new Conversation.ConversationReactivated(ID, "wamid.B", later),
            new Conversation.OutboundMessageQueued(
                ID,
                "m-1",
                "client-1",
                ALICE,
                "16505551234",
                null,
                "wamid.A",
                contents().get(13),
                T0),
            new Conversation.OutboundMessageAccepted(ID, "m-1", "wamid.out", later),
            new Conversation.OutboundSendFailed(ID, "m-2", ERROR, later),
            new Conversation.MessageStatusUpdated(
                ID, "m-1", "wamid.out", MessageStatus.READ, later, null, later),
            new Conversation.PendingStatusRecorded(
                ID, "wamid.x", MessageStatus.FAILED, later, ERROR, later),
            new Conversation.AgentAssigned(ID, "bob", "alice", ADMIN, later),
            new Conversation.ConversationUnassigned(ID, "bob", ADMIN, later),
            new Conversation.CommentAdded(ID, "c-1", ALICE, "Customer is a VIP", later),
            new Conversation.ConversationArchived(ID, ALICE, later),
            new Conversation.ConversationUnarchived(ID, ALICE, later),
            new Conversation.ConversationRead(ID, "alice", 3, later),
            new Conversation.ContactRenamed(ID, "Sheena Smith", ALICE, later),
            new Conversation.ContactRenamed(ID, null, ALICE, later)));
    return events;
  }

  static List<Object> replies() {
    Conversation.Summary summary =
        new Conversation.Summary(
            ID,
            "16505551234",
            "US.1",
            "Sheena",
            T0,
            true,
            "alice",
            false,
            3,
            Map.of("alice", 2L, "bob", 3L),
            "wamid.in-3");
    return List.of(
        summary,
        StatusReply.success(summary),
        new Conversation.MessageAccepted("m-1", "client-1", MessageStatus.QUEUED, false),
        StatusReply.success(
            new Conversation.MessageAccepted("m-1", null, MessageStatus.SENT, true)),
        new Conversation.CommentAccepted("c-1"),
        new Conversation.MessageInfo("m-1", "c", "wamid.out", MessageStatus.FAILED, ERROR, T0, T0),
        StatusReply.ack(),
        StatusReply.error(new ConversationException(Code.WINDOW_CLOSED, "closed at " + T0)),
        ConversationException.reply(Code.NOT_ASSIGNEE, "assigned to alice"));
  }

  static Conversation.State state() {
    return new Conversation.State(
        "16505551234",
        "US.1",
        "Sheena",
        T0.plus(Conversation.SERVICE_WINDOW),
        "alice",
        true,
        7,
        Map.of("alice", 5L),
        List.of("wamid.1", "wamid.2"),
        List.of(
            new Conversation.OutboundMessage(
                "m-1", "client-1", "wamid.out", MessageStatus.DELIVERED, null, T0, T0),
            new Conversation.OutboundMessage(
                "m-2", null, null, MessageStatus.FAILED, ERROR, T0, T0)),
        List.of(new Conversation.PendingStatus("wamid.x", MessageStatus.SENT, T0, null)));
  }

  static Stream<Object> everything() {
    List<Object> all = new ArrayList<>();
    all.addAll(commands());
    all.addAll(events());
    all.addAll(replies());
    all.add(state());
    all.add(Conversation.State.initial("16505551234"));
    all.add(Conversation.State.initial("US.13491208655302741918"));
    return all.stream();
  }

  // --- Tests -----------------------------------------------------------------------------------

  @ParameterizedTest
  @MethodSource("everything")
  void roundTripsEqual(Object message) {
    Object back = testKit.serializationTestKit().verifySerialization(message, true);
    assertEquals(message, back);
  }

  @Test
  void usesJacksonCborForTheProtocol() {
    var serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
    Stream.concat(Stream.concat(commands().stream(), events().stream()), Stream.of(state()))
        .forEach(
            m ->
                assertInstanceOf(
                    JacksonCborSerializer.class,
                    serialization.findSerializerFor(m),
                    m.getClass().getName()));
    assertInstanceOf(
        JacksonCborSerializer.class,
        serialization.findSerializerFor(new ConversationException(Code.CONFLICT, "x")));
  }

  @Test
  void samplesCoverEveryCommandEventAndContentClass() {
    assertCovers(Conversation.Command.class, commands());
    assertCovers(Conversation.Event.class, events());
    assertCovers(MessageContent.class, contents());
    List<MessageContent.TemplateParameter> parameters = new ArrayList<>();
    for (MessageContent c : contents()) {
      if (c instanceof MessageContent.Template t) {
        t.components().forEach(component -> parameters.addAll(component.parameters()));
      }
    }
    assertCovers(MessageContent.TemplateParameter.class, parameters);
  }

  private static void assertCovers(Class<?> sealed, List<?> samples) {
    Set<String> permitted =
        Arrays.stream(sealed.getPermittedSubclasses())
            .map(Class::getName)
            .collect(Collectors.toSet());
    Set<String> sampled =
        samples.stream().map(o -> o.getClass().getName()).collect(Collectors.toSet());
    assertTrue(permitted.size() > 1, sealed + " should be sealed");
    assertEquals(permitted, sampled, "samples of " + sealed.getSimpleName());
  }

  @Test
  void errorReplyKeepsItsCodeAcrossTheWire() {
    StatusReply<Done> reply = ConversationException.reply(Code.WINDOW_CLOSED, "closed at " + T0);
    StatusReply<Done> back = testKit.serializationTestKit().verifySerialization(reply, true);
    ConversationException e = assertInstanceOf(ConversationException.class, back.getError());
    assertEquals(Code.WINDOW_CLOSED, e.code());
    assertEquals("window_closed", e.code().wire());
    assertEquals("closed at " + T0, e.detail());
    assertEquals("window_closed: closed at " + T0, e.getMessage());
  }

  @Test
  void codeIsRecoveredFromAFailedAskAndFromPlainText() {
    ConversationException original = new ConversationException(Code.NOT_ASSIGNEE, "assigned to x");
    assertEquals(
        original, ConversationException.from(new CompletionException(original)).orElseThrow());
    assertEquals(
        original,
        ConversationException.from(new StatusReply.ErrorMessage("not_assignee: assigned to x"))
            .orElseThrow());
    assertTrue(ConversationException.from(new StatusReply.ErrorMessage("boom")).isEmpty());
    assertTrue(ConversationException.from(new java.util.concurrent.TimeoutException()).isEmpty());
    for (Code code : Code.values()) {
      assertEquals(code, Code.fromWire(code.wire()).orElseThrow());
    }
  }
}
