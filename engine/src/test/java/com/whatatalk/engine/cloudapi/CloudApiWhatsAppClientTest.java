package com.whatatalk.engine.cloudapi;

import static com.whatatalk.engine.cloudapi.StubGraphApi.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.engine.conversation.MessageContent;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against a real HTTP server on loopback: what goes on the wire, what comes back. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudApiWhatsAppClientTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String NUMBER = "111";
  private static final String OTHER_NUMBER = "222";

  private final ActorTestKit testKit = ActorTestKit.create();
  private final Materializer materializer = Materializer.matFromSystem(testKit.system());
  private StubGraphApi meta;
  private WhatsAppClient client;

  @BeforeAll
  void start() throws Exception {
    meta = StubGraphApi.start(testKit.system());
    client = clientWith(settings(meta.baseUrl(), Duration.ofSeconds(5), "default-token"));
  }

  @AfterAll
  void stop() throws Exception {
    meta.close();
    // Pools first, so that the system's shutdown does not find them still running.
    Http.get(testKit.system())
        .shutdownAllConnectionPools()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void reset() {
    meta.clear();
  }

  // --- send -----------------------------------------------------------------------------------

  @Test
  void sendsATextWithTheNumbersTokenAndReadsTheWamid() throws Exception {
    meta.respond(
        r ->
            json(
                200,
                """
                {"messaging_product":"whatsapp",
                 "contacts":[{"input":"+16505551234","wa_id":"16505551234"}],
                 "messages":[{"id":"wamid.ABC"}]}\
                """));

    SendOutcome outcome =
        await(
            client.send(
                OutboundMessage.of(
                        NUMBER, Recipient.phone("+16505551234"), MessageContent.Text.of("Hello"))
                    .replyingTo("wamid.PREV")
                    .withCallbackData("msg-42")));

    assertEquals(new SendOutcome.Accepted("wamid.ABC", "16505551234", null), outcome);
    StubGraphApi.Recorded request = meta.take();
    assertEquals("POST", request.method());
    assertEquals("/v23.0/111/messages", request.path());
    assertEquals(Optional.of("Bearer token-111"), request.authorization());
    assertEquals(ContentTypes.APPLICATION_JSON, request.contentType());
    assertEquals(
        MAPPER.readTree(
            """
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"+16505551234",
             "context":{"message_id":"wamid.PREV"},"biz_opaque_callback_data":"msg-42",
             "type":"text","text":{"body":"Hello","preview_url":false}}\
            """),
        MAPPER.readTree(request.bodyText()));
  }

  @Test
  void readsThePacingStatusOfATemplate() throws Exception {
    meta.respond(
        r ->
            json(
                200,
                """
                {"messaging_product":"whatsapp","contacts":[{"input":"1","wa_id":"1"}],
                 "messages":[{"id":"wamid.T","message_status":"held_for_quality_assessment"}]}\
                """));

    SendOutcome outcome =
        await(
            client.send(
                OutboundMessage.of(
                    NUMBER,
                    Recipient.phone("1"),
                    new MessageContent.Template("hello_world", "en_US", List.of()))));

    assertEquals(new SendOutcome.Accepted("wamid.T", "1", "held_for_quality_assessment"), outcome);
  }

  @Test
  void usesTheDefaultTokenForANumberWithoutItsOwn() throws Exception {
    meta.respond(r -> json(200, "{\"messages\":[{\"id\":\"wamid.D\"}]}"));

    SendOutcome outcome =
        await(client.send(OutboundMessage.of(OTHER_NUMBER, Recipient.phone("1"), text())));

    assertEquals(new SendOutcome.Accepted("wamid.D", null, null), outcome);
    assertEquals(Optional.of("Bearer default-token"), meta.take().authorization());
  }

  @Test
  void sendsToABusinessScopedUserIdAsRecipient() throws Exception {
    meta.respond(
        r ->
            json(
                200,
                """
                {"contacts":[{"input":"US.13491208655302741918","user_id":"US.13491208655302741918"}],
                 "messages":[{"id":"wamid.B"}]}\
                """));

    SendOutcome outcome =
        await(
            client.send(
                OutboundMessage.of(NUMBER, Recipient.bsuid("US.13491208655302741918"), text())));

    assertEquals(new SendOutcome.Accepted("wamid.B", null, null), outcome);
    JsonNode body = MAPPER.readTree(meta.take().bodyText());
    assertEquals("US.13491208655302741918", body.path("recipient").asText());
    assertFalse(body.has("to"));
  }

  @Test
  void aNumberWithoutAnyTokenIsRejectedPermanentlyWithoutCallingMeta() throws Exception {
    WhatsAppClient noDefault = clientWith(settings(meta.baseUrl(), Duration.ofSeconds(5), ""));

    SendOutcome outcome =
        await(noDefault.send(OutboundMessage.of(OTHER_NUMBER, Recipient.phone("1"), text())));

    SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
    assertEquals(MetaErrorCodes.NO_ACCESS_TOKEN, rejected.error().code());
    assertFalse(rejected.retryable());
    assertTrue(rejected.error().details().contains(OTHER_NUMBER));
    CloudApiException failure = failure(noDefault.mediaInfo(OTHER_NUMBER, "m"));
    assertEquals(MetaErrorCodes.NO_ACCESS_TOKEN, failure.error().code());
    assertTrue(meta.noMoreRequests());
  }

  @Test
  void contentThatOnlyArrivesIsRejectedPermanentlyWithoutCallingMeta() throws Exception {
    SendOutcome outcome =
        await(
            client.send(
                OutboundMessage.of(
                    NUMBER, Recipient.phone("1"), new MessageContent.ButtonReply("id", "Yes"))));

    SendOutcome.Rejected rejected = assertInstanceOf(SendOutcome.Rejected.class, outcome);
    assertEquals(MetaErrorCodes.NOT_SENDABLE, rejected.error().code());
    assertFalse(rejected.retryable());
    assertTrue(meta.noMoreRequests());
  }

  @Test
  void parsesMetasErrorEnvelopeAndRetriesThroughputErrors() throws Exception {
    meta.respond(
        r ->
            json(
                400,
                """
                {"error":{"message":"(#130429) Rate limit hit","type":"OAuthException",
                  "code":130429,
                  "error_data":{"messaging_product":"whatsapp",
                                "details":"Cloud API message throughput has been reached."},
                  "error_subcode":2494055,"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}\
                """));

    SendOutcome outcome =
        await(client.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text())));

    assertEquals(
        new SendOutcome.Rejected(
            new MetaError(
                130429,
                2494055,
                "Rate limit hit",
                "(#130429) Rate limit hit",
                "Cloud API message throughput has been reached.",
                "Az8or2yhqkZfEZ-_4Qn_Bam",
                400),
            true,
            Optional.empty()),
        outcome);
  }

  @ParameterizedTest(name = "{0} on HTTP {1}: retryable={2}")
  @CsvSource({
    "131047, 400, false, Re-engagement message",
    "132001, 404, false, Template name does not exist in the translation",
    "100, 400, false, Invalid parameter",
    "190, 401, false, Access token has expired",
    // The code decides, not the status: a 500 with a permanent code stays permanent...
    "100, 500, false, Invalid parameter",
    // ...and a 400 with a transient one is retried.
    "131000, 400, true, Something went wrong",
    "131056, 400, true, Pair rate limit hit"
  })
  void classifiesByMetasCodeNotByHttpStatus(int code, int status, boolean retryable, String title)
      throws Exception {
    meta.respond(
        r ->
            json(
                status,
                """
                {"error":{"message":"(#%d) %s","type":"OAuthException","code":%d,
                  "error_data":{"details":"why"},"fbtrace_id":"trace"}}\
                """
                    .formatted(code, title, code)));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(client.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertEquals(code, rejected.error().code());
    assertEquals(title, rejected.error().title());
    assertEquals("why", rejected.error().details());
    assertEquals(status, rejected.error().httpStatus());
    assertEquals(retryable, rejected.retryable());
    assertEquals("(#" + code + ") " + title + ": why", rejected.error().summary());
  }

  @Test
  void passesOnRetryAfterAsAHint() throws Exception {
    meta.respond(
        r ->
            json(
                    400,
                    """
                    {"error":{"message":"(#131056) Pair rate limit hit","code":131056}}\
                    """)
                .addHeader(RawHeader.create("Retry-After", "16")));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(client.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertTrue(rejected.retryable());
    assertEquals(Optional.of(Duration.ofSeconds(16)), rejected.retryAfterHint());
  }

  @Test
  void aNonJsonBadGatewayIsRetryable() throws Exception {
    meta.respond(
        r ->
            HttpResponse.create()
                .withStatus(502)
                .withEntity(
                    HttpEntities.create(
                        ContentTypes.TEXT_HTML_UTF8, "<html><body>Bad Gateway</body></html>")));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(client.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertEquals(MetaErrorCodes.SERVER_ERROR, rejected.error().code());
    assertEquals(502, rejected.error().httpStatus());
    assertTrue(rejected.retryable());
  }

  @Test
  void aNonJsonClientErrorIsPermanent() throws Exception {
    meta.respond(r -> HttpResponse.create().withStatus(400).withEntity("nope"));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(client.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertEquals(MetaErrorCodes.UNEXPECTED_RESPONSE, rejected.error().code());
    assertFalse(rejected.retryable());
  }

  @Test
  void aSuccessWithoutAWamidIsPermanentSinceMetaMayHaveSentIt() throws Exception {
    meta.respond(r -> json(200, "{\"messaging_product\":\"whatsapp\"}"));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(client.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertEquals(MetaErrorCodes.UNEXPECTED_RESPONSE, rejected.error().code());
    assertFalse(rejected.retryable());
  }

  @Test
  void aTimeoutIsARetryableNetworkError() throws Exception {
    CompletableFuture<HttpResponse> never = new CompletableFuture<>();
    meta.respondAsync(r -> never);
    WhatsAppClient impatient =
        clientWith(settings(meta.baseUrl(), Duration.ofMillis(300), "default-token"));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(impatient.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertEquals(MetaErrorCodes.NETWORK_ERROR, rejected.error().code());
    assertEquals("Timeout", rejected.error().title());
    assertTrue(rejected.retryable());
    never.complete(json(200, "{}")); // let the stub's connection finish
  }

  @Test
  void aRefusedConnectionIsARetryableNetworkError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WhatsAppClient unreachable =
        clientWith(settings("http://127.0.0.1:" + closedPort, Duration.ofSeconds(5), "t"));

    SendOutcome.Rejected rejected =
        assertInstanceOf(
            SendOutcome.Rejected.class,
            await(unreachable.send(OutboundMessage.of(NUMBER, Recipient.phone("1"), text()))));

    assertEquals(MetaErrorCodes.NETWORK_ERROR, rejected.error().code());
    assertTrue(rejected.retryable());
  }

  // --- mark as read ---------------------------------------------------------------------------

  @Test
  void marksAsReadWithTheTypingIndicator() throws Exception {
    meta.respond(r -> json(200, "{\"success\":true}"));

    assertEquals(Done.getInstance(), await(client.markAsRead(NUMBER, "wamid.IN", true)));

    StubGraphApi.Recorded request = meta.take();
    assertEquals("/v23.0/111/messages", request.path());
    assertEquals(Optional.of("Bearer token-111"), request.authorization());
    assertEquals(
        MAPPER.readTree(
            """
            {"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN",
             "typing_indicator":{"type":"text"}}\
            """),
        MAPPER.readTree(request.bodyText()));
  }

  @Test
  void marksAsReadWithoutTheTypingIndicatorAndReportsErrors() throws Exception {
    meta.respond(
        r -> json(400, "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"code\":100}}"));

    CloudApiException failure = failure(client.markAsRead(NUMBER, "wamid.IN", false));

    assertEquals(100, failure.error().code());
    assertFalse(failure.retryable());
    assertFalse(MAPPER.readTree(meta.take().bodyText()).has("typing_indicator"));
  }

  // --- media ----------------------------------------------------------------------------------

  @Test
  void uploadsMediaAsMultipartWithMessagingProductFileAndType() throws Exception {
    meta.respond(r -> json(200, "{\"id\":\"1037543291543636\"}"));
    ByteString png = ByteString.fromArray(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});

    String id = await(client.uploadMedia(NUMBER, MediaUpload.of("image/png", "shrub.png", png)));

    assertEquals("1037543291543636", id);
    StubGraphApi.Recorded request = meta.take();
    assertEquals("POST", request.method());
    assertEquals("/v23.0/111/media", request.path());
    assertEquals(Optional.of("Bearer token-111"), request.authorization());
    Map<String, Multipart.FormData.BodyPart.Strict> parts = formParts(request);
    assertEquals(List.of("messaging_product", "file", "type"), List.copyOf(parts.keySet()));
    assertEquals("whatsapp", parts.get("messaging_product").getEntity().getData().utf8String());
    assertEquals("image/png", parts.get("type").getEntity().getData().utf8String());
    Multipart.FormData.BodyPart.Strict file = parts.get("file");
    assertEquals(Optional.of("shrub.png"), file.getFilename());
    assertEquals("image/png", file.getEntity().getContentType().toString());
    assertEquals(png, file.getEntity().getData());
  }

  @Test
  void uploadsAStreamOfUnknownLength() throws Exception {
    meta.respond(r -> json(200, "{\"id\":\"42\"}"));
    MediaUpload upload =
        new MediaUpload(
            "application/pdf",
            "invoice.pdf",
            OptionalLong.empty(),
            Source.from(List.of(ByteString.fromString("%PDF-"), ByteString.fromString("1.7"))));

    assertEquals("42", await(client.uploadMedia(NUMBER, upload)));

    Multipart.FormData.BodyPart.Strict file = formParts(meta.take()).get("file");
    assertEquals("%PDF-1.7", file.getEntity().getData().utf8String());
  }

  @Test
  void looksUpAMediaUrlAndDownloadsItWithTheBearerToken() throws Exception {
    byte[] jpeg = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
    meta.respond(
        r -> {
          if (r.path().equals("/v23.0/1037543291543636")) {
            return json(
                200,
                """
                {"messaging_product":"whatsapp","url":"%s/lookaside/1037543291543636?ext=1",
                 "mime_type":"image/jpeg","sha256":"abc","file_size":"17",
                 "id":"1037543291543636"}\
                """
                    .formatted(meta.baseUrl()));
          }
          if (r.path().equals("/lookaside/1037543291543636")
              && r.authorization().equals(Optional.of("Bearer token-111"))) {
            return HttpResponse.create()
                .withEntity(
                    HttpEntities.create(
                        ContentTypes.parse("image/jpeg"), ByteString.fromArray(jpeg)));
          }
          return HttpResponse.create().withStatus(404);
        });

    MediaInfo info = await(client.mediaInfo(NUMBER, "1037543291543636"));
    assertEquals(
        new MediaInfo(
            "1037543291543636",
            meta.baseUrl() + "/lookaside/1037543291543636?ext=1",
            "image/jpeg",
            "abc",
            17),
        info);
    StubGraphApi.Recorded lookup = meta.take();
    assertEquals("GET", lookup.method());
    assertEquals(Optional.of("Bearer token-111"), lookup.authorization());

    MediaDownload download = await(client.downloadMedia(NUMBER, info.url()));
    ByteString bytes =
        await(
            download
                .bytes()
                .runWith(
                    Sink.fold(ByteString.emptyByteString(), ByteString::concat), materializer));
    assertArrayEquals(jpeg, bytes.toArray());
    assertEquals("image/jpeg", download.contentType());
    assertEquals(OptionalLong.of(jpeg.length), download.contentLength());
    StubGraphApi.Recorded fetched = meta.take();
    assertEquals("/lookaside/1037543291543636", fetched.path());
    assertEquals(Optional.of("ext=1"), fetched.uri().rawQueryString());
    assertEquals(Optional.of("Bearer token-111"), fetched.authorization());
  }

  @Test
  void aFailedDownloadSaysWhy() throws Exception {
    meta.respond(r -> HttpResponse.create().withStatus(404).withEntity("gone"));

    CloudApiException failure =
        failure(client.downloadMedia(NUMBER, meta.baseUrl() + "/lookaside/expired"));

    assertEquals(404, failure.error().httpStatus());
    assertFalse(failure.retryable());
  }

  @Test
  void aMalformedUrlOrMimeTypeFailsTheStageNotTheCaller() {
    CompletionStage<MediaDownload> download = client.downloadMedia(NUMBER, "http://[not a url");
    CompletionStage<String> upload =
        client.uploadMedia(
            NUMBER, MediaUpload.of("not a mime type", "x", ByteString.emptyByteString()));

    assertTrue(download.toCompletableFuture().isCompletedExceptionally());
    assertTrue(upload.toCompletableFuture().isCompletedExceptionally());
    assertTrue(meta.noMoreRequests());
  }

  @Test
  void aDownloadLargerThanTheLimitFailsItsStream() throws Exception {
    meta.respond(
        r ->
            HttpResponse.create()
                .withEntity(
                    HttpEntities.create(
                        ContentTypes.APPLICATION_OCTET_STREAM,
                        ByteString.fromArray(new byte[2048]))));
    CloudApiSettings base = settings(meta.baseUrl(), Duration.ofSeconds(5), "t");
    WhatsAppClient small =
        clientWith(
            new CloudApiSettings(
                base.baseUrl(),
                base.apiVersion(),
                "",
                "",
                "t",
                Map.of(),
                Map.of(),
                base.requestTimeout(),
                base.mediaUploadTimeout(),
                base.maxResponseSize(),
                1024,
                base.templatePageSize(),
                base.maxConnections(),
                base.maxOpenRequests()));

    MediaDownload download = await(small.downloadMedia(NUMBER, meta.baseUrl() + "/big"));
    ExecutionException tooBig =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class,
            () ->
                download
                    .bytes()
                    .runWith(Sink.ignore(), materializer)
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS));
    assertTrue(
        String.valueOf(tooBig.getCause()).contains("1024"), String.valueOf(tooBig.getCause()));
  }

  // --- templates ------------------------------------------------------------------------------

  @Test
  void listsTemplatesAcrossPages() throws Exception {
    meta.respond(
        r -> {
          String after = r.query("after").orElse("");
          return switch (after) {
            case "" -> json(200, page(List.of("a", "b"), "CURSOR1", true));
            case "CURSOR1" -> json(200, page(List.of("c", "d"), "CURSOR2", true));
            case "CURSOR2" -> json(200, page(List.of("e"), "CURSOR3", false));
            default -> json(400, "{\"error\":{\"message\":\"(#100) bad cursor\",\"code\":100}}");
          };
        });

    List<TemplateDefinition> templates = await(client.listTemplates("WABA1"));

    assertEquals(
        List.of("a", "b", "c", "d", "e"),
        templates.stream().map(TemplateDefinition::name).toList());
    StubGraphApi.Recorded first = meta.take();
    assertEquals("/v23.0/WABA1/message_templates", first.path());
    assertEquals(
        Optional.of("name,status,category,language,components,parameter_format"),
        first.query("fields"));
    assertEquals(Optional.of("100"), first.query("limit"));
    assertEquals(Optional.empty(), first.query("after"));
    assertEquals(Optional.of("Bearer waba-token"), first.authorization());
    assertEquals(Optional.of("CURSOR1"), meta.take().query("after"));
    assertEquals(Optional.of("CURSOR2"), meta.take().query("after"));
    assertTrue(meta.noMoreRequests());

    TemplateDefinition a = templates.get(0);
    assertEquals(
        new TemplateDefinition(
            "id-a",
            "a",
            "en_US",
            "UTILITY",
            "APPROVED",
            "NAMED",
            List.of(
                new TemplateDefinition.Component("HEADER", "IMAGE", null, List.of()),
                new TemplateDefinition.Component("BODY", null, "Hi {{first_name}}", List.of()),
                new TemplateDefinition.Component(
                    "BUTTONS",
                    null,
                    null,
                    List.of(
                        new TemplateDefinition.Button(
                            "URL", "Track", "https://example.com/{{1}}", null),
                        new TemplateDefinition.Button("PHONE_NUMBER", "Call", null, "+16467043595"),
                        new TemplateDefinition.Button("QUICK_REPLY", "Stop", null, null))))),
        a);
  }

  @Test
  void stopsOnARepeatedCursor() throws Exception {
    meta.respond(r -> json(200, page(List.of("x"), "SAME", true)));

    CloudApiException failure = failure(client.listTemplates("WABA1"));

    assertEquals(MetaErrorCodes.UNEXPECTED_RESPONSE, failure.error().code());
  }

  // --- helpers --------------------------------------------------------------------------------

  private static String page(List<String> names, String after, boolean more) {
    var data = MAPPER.createArrayNode();
    for (String name : names) {
      var t = data.addObject();
      t.put("name", name).put("parameter_format", "NAMED").put("language", "en_US");
      t.put("status", "APPROVED").put("category", "UTILITY").put("id", "id-" + name);
      var components = t.putArray("components");
      components
          .addObject()
          .put("type", "HEADER")
          .put("format", "IMAGE")
          .putObject("example")
          .putArray("header_handle")
          .add("https://scontent.example/h");
      components.addObject().put("type", "BODY").put("text", "Hi {{first_name}}");
      var buttons = components.addObject().put("type", "BUTTONS").putArray("buttons");
      buttons
          .addObject()
          .put("type", "URL")
          .put("text", "Track")
          .put("url", "https://example.com/{{1}}");
      buttons
          .addObject()
          .put("type", "PHONE_NUMBER")
          .put("text", "Call")
          .put("phone_number", "+16467043595");
      buttons.addObject().put("type", "QUICK_REPLY").put("text", "Stop");
    }
    var root = MAPPER.createObjectNode();
    root.set("data", data);
    var paging = root.putObject("paging");
    paging.putObject("cursors").put("before", "BEFORE").put("after", after);
    if (more) {
      paging.put("next", "https://graph.facebook.com/v23.0/WABA1/message_templates?after=" + after);
    }
    return root.toString();
  }

  private Map<String, Multipart.FormData.BodyPart.Strict> formParts(StubGraphApi.Recorded request)
      throws Exception {
    Multipart.FormData form =
        await(
            Unmarshaller.entityToMultipartFormData()
                .unmarshal(
                    HttpEntities.create(request.contentType(), request.body()), materializer));
    Multipart.FormData.Strict strict = await(form.toStrict(5_000, materializer));
    Map<String, Multipart.FormData.BodyPart.Strict> parts = new java.util.LinkedHashMap<>();
    strict.getStrictParts().forEach(p -> parts.put(p.getName(), p));
    return parts;
  }

  private WhatsAppClient clientWith(CloudApiSettings settings) {
    return new CloudApiWhatsAppClient(testKit.system(), settings);
  }

  private static CloudApiSettings settings(String baseUrl, Duration timeout, String defaultToken) {
    Map<String, String> tokens = new HashMap<>();
    tokens.put(NUMBER, "token-111");
    return new CloudApiSettings(
        baseUrl,
        "v23.0",
        "app-secret",
        "verify-token",
        defaultToken,
        tokens,
        Map.of("WABA1", "waba-token"),
        timeout,
        Duration.ofSeconds(10),
        1024 * 1024,
        100L * 1024 * 1024,
        100,
        8,
        32);
  }

  private static MessageContent text() {
    return MessageContent.Text.of("hi");
  }

  private static <T> T await(CompletionStage<T> stage) throws Exception {
    return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static CloudApiException failure(CompletionStage<?> stage) throws Exception {
    try {
      stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (!(cause instanceof CloudApiException) && cause != null && cause.getCause() != null) {
        cause = cause.getCause();
      }
      return assertInstanceOf(CloudApiException.class, cause);
    }
    throw new AssertionError("expected the call to fail");
  }
}
