package com.whatatalk.http.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The OpenAPI document as the tests read it: its text, its tree, its operations. */
final class OpenApiDocument {
  static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  /** One operation: {@code GET /api/conversations/{phoneNumberId}/{customerKey}}. */
  record Operation(String method, String path, JsonNode node, boolean isPublic) {
    @Override
    public String toString() {
      return method + " " + path;
    }

    /** Method and path with parameter names dropped, to compare with the code's list. */
    String shape() {
      return method + " " + path.replaceAll("\\{[^}]+}", "{}");
    }
  }

  private OpenApiDocument() {}

  static String text() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(OpenApiRoutes.RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(OpenApiRoutes.RESOURCE + " is not on the test classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode tree(String yaml) {
    try {
      return new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Operation> operations(JsonNode document) {
    boolean publicByDefault = document.path("security").isEmpty();
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      for (String method : METHODS) {
        JsonNode op = path.getValue().get(method);
        if (op != null) {
          boolean isPublic = op.has("security") ? op.get("security").isEmpty() : publicByDefault;
          operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey(), op, isPublic));
        }
      }
    }
    return operations;
  }
}
