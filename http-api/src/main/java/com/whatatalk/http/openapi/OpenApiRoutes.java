package com.whatatalk.http.openapi;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/openapi.yaml} and {@code GET /api/openapi.json}, without authentication: the
 * hand-written API contract ({@value #RESOURCE}), read once; the JSON is the same document
 * converted at start. A missing or malformed document fails the start.
 */
public final class OpenApiRoutes {
  public static final String RESOURCE = "openapi/whatatalk.yaml";
  private static final ContentType YAML =
      ContentTypes.create(MediaTypes.applicationWithFixedCharset("yaml", HttpCharsets.UTF_8, "yaml", "yml"));

  private final byte[] yaml;
  private final byte[] json;

  public OpenApiRoutes() {
    this.yaml = read();
    try {
      JsonNode document = new YAMLMapper().readTree(yaml);
      this.json = new ObjectMapper().writeValueAsBytes(document);
    } catch (IOException e) {
      throw new UncheckedIOException("the OpenAPI document " + RESOURCE + " is not valid YAML", e);
    }
  }

  public Route route() {
    return pathPrefix(
        "api",
        () ->
            get(
                () ->
                    concat(
                        path("openapi.yaml", () -> complete(HttpResponse.create().withEntity(YAML, yaml))),
                        path(
                            "openapi.json",
                            () ->
                                complete(
                                    HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json))))));
  }

  private static byte[] read() {
    try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
