package com.whatatalk.http.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.whatatalk.http.openapi.OpenApiDocument.Operation;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document on its own: it is a valid OpenAPI document, and it documents every route
 * the route classes define ({@link #ROUTES}, kept by hand: a new route fails here until it is
 * both listed and documented).
 */
class OpenApiDocumentTest {

  /**
   * Every operation of the route classes wired in {@code WhataTalkApp}, read from their code.
   * Add a route there, add it here, and document it in {@code openapi/whatatalk.yaml}.
   */
  static final List<String> ROUTES =
      List.of(
          // WhatsAppWebhookRoutes
          "GET /webhooks/whatsapp",
          "POST /webhooks/whatsapp",
          // HealthRoutes
          "GET /health/alive",
          "GET /health/ready",
          // OpenApiRoutes
          "GET /api/openapi.yaml",
          "GET /api/openapi.json",
          // AuthRoutes
          "POST /api/auth/login",
          "POST /api/auth/logout",
          "GET /api/auth/me",
          "POST /api/auth/password",
          // AgentRoutes
          "GET /api/agents",
          "POST /api/agents",
          "POST /api/agents/{userId}/deactivate",
          "POST /api/agents/{userId}/reactivate",
          "POST /api/agents/{userId}/reset-password",
          // PhoneNumberRoutes
          "GET /api/phone-numbers",
          "POST /api/phone-numbers",
          "GET /api/phone-numbers/{phoneNumberId}",
          "PUT /api/phone-numbers/{phoneNumberId}",
          // LiveRoutes
          "GET /api/live",
          // ContactRoutes
          "GET /api/contacts/{phoneNumberId}/{customerKey}",
          "PATCH /api/contacts/{phoneNumberId}/{customerKey}",
          "GET /api/contacts/{phoneNumberId}/{customerKey}/notes",
          "POST /api/contacts/{phoneNumberId}/{customerKey}/notes",
          "GET /api/tags",
          // TemplateRoutes
          "GET /api/templates",
          "GET /api/templates/{phoneNumberId}/{name}/{language}",
          "POST /api/templates/sync",
          // ConversationRoutes
          "GET /api/conversations",
          "GET /api/conversations/{phoneNumberId}/{customerKey}",
          "GET /api/conversations/{phoneNumberId}/{customerKey}/messages",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/messages",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/assign",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/unassign",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/archive",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/unarchive",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/read",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/comments",
          "POST /api/conversations/{phoneNumberId}/{customerKey}/typing",
          // MediaRoutes
          "POST /api/media",
          // MediaDownloadRoutes
          "GET /api/media/{phoneNumberId}/{mediaId}",
          "HEAD /api/media/{phoneNumberId}/{mediaId}");

  private final JsonNode document = OpenApiDocument.tree(OpenApiDocument.text());
  private final List<Operation> operations = OpenApiDocument.operations(document);

  @Test
  void parsesAndValidatesWithoutMessages() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result = new OpenAPIParser().readContents(OpenApiDocument.text(), null, options);
    assertNotNull(result.getOpenAPI(), "not parsed: " + result.getMessages());
    assertEquals(List.of(), result.getMessages());
    assertEquals("3.0.3", result.getOpenAPI().getOpenapi());
  }

  @Test
  void documentsEveryRouteOfTheCode() {
    Set<String> documented = operations.stream().map(Operation::shape).collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    for (String route : ROUTES) {
      String shape = route.replaceAll("\\{[^}]+}", "{}");
      if (!documented.contains(shape)) {
        missing.add(route);
      }
    }
    assertEquals(List.of(), missing, "routes in the code but not in the OpenAPI document");
  }

  @Test
  void documentsNothingTheCodeListDoesNotHave() {
    Set<String> listed =
        ROUTES.stream().map(r -> r.replaceAll("\\{[^}]+}", "{}")).collect(Collectors.toSet());
    List<String> extra =
        operations.stream().filter(o -> !listed.contains(o.shape())).map(Operation::toString).toList();
    assertEquals(List.of(), extra, "documented operations missing from ROUTES (list them, or remove them)");
    assertEquals(ROUTES.size(), new HashSet<>(ROUTES).size(), "ROUTES has duplicates");
  }

  @Test
  void everyOperationIsNamedAndAnswersItsErrorsInTheOneShape() {
    Set<String> ids = new LinkedHashSet<>();
    Set<String> problems = new TreeSet<>();
    for (Operation op : operations) {
      String id = op.node().path("operationId").asText("");
      if (id.isEmpty() || !ids.add(id)) {
        problems.add(op + ": missing or repeated operationId " + id);
      }
      if (!op.isPublic() && !op.node().path("responses").has("401")) {
        problems.add(op + ": protected but documents no 401");
      }
      for (var response : op.node().path("responses").properties()) {
        int status = Integer.parseInt(response.getKey());
        JsonNode json = resolve(response.getValue()).path("content").path("application/json").path("schema");
        if (status >= 400 && !json.path("$ref").asText().equals("#/components/schemas/Error")) {
          problems.add(op + " " + status + ": not the error shape");
        }
      }
    }
    assertEquals(Set.of(), problems);
  }

  @Test
  void describesTheLiveEventsAndTheirPayloads() {
    JsonNode schemas = document.path("components").path("schemas");
    Set<String> types = new TreeSet<>();
    schemas.path("LiveEvent").path("properties").path("type").path("enum").forEach(t -> types.add(t.asText()));
    assertEquals(
        new TreeSet<>(
            List.of(
                "message.created",
                "message.status_changed",
                "comment.created",
                "conversation.updated",
                "contact.updated")),
        types);
    for (String payload :
        List.of(
            "LiveMessageCreated",
            "LiveMessageStatusChanged",
            "LiveCommentCreated",
            "LiveConversationUpdated",
            "LiveContactUpdated")) {
      assertTrue(schemas.has(payload), payload);
    }
    JsonNode live = document.path("paths").path("/api/live").path("get");
    assertTrue(live.path("responses").has("101"), "the upgrade");
    assertTrue(live.path("parameters").toString().contains("\"since\""), "catch-up");
  }

  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText("");
    if (ref.isEmpty()) {
      return node;
    }
    JsonNode target = document;
    for (String part : ref.substring(2).split("/")) {
      target = target.path(part);
    }
    return target;
  }
}
