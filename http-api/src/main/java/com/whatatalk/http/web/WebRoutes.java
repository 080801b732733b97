package com.whatatalk.http.web;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.reject;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The web inbox (module {@code web}, packaged under {@code com/whatatalk/web/}): {@code GET} of
 * any path outside {@code /api}, {@code /webhooks} and {@code /health} serves a file of the build
 * or, for client routes such as {@code /conversations/...}, {@code index.html}. Vite names assets
 * by content hash, so {@code /assets/*} is cached for a year as immutable; everything else is
 * revalidated ({@code no-cache}) so a new release is picked up at the next load. Placed last: it
 * never shadows an API route and adds no rejection of its own, so unknown API paths keep their
 * JSON 404 and 405 answers.
 */
public final class WebRoutes {
  static final String ROOT = "com/whatatalk/web";
  private static final RawHeader IMMUTABLE = RawHeader.create("Cache-Control", "public, max-age=31536000, immutable");
  private static final RawHeader NO_CACHE = RawHeader.create("Cache-Control", "no-cache");

  private final boolean present;

  public WebRoutes() {
    this.present = WebRoutes.class.getClassLoader().getResource(ROOT + "/index.html") != null;
  }

  public Route route() {
    return extractRequest(
        request -> {
          String path = request.getUri().path();
          boolean read = request.method().equals(HttpMethods.GET) || request.method().equals(HttpMethods.HEAD);
          if (!present || !read || isServerPath(path)) {
            return reject();
          }
          return concat(
              pathPrefix(
                  "assets",
                  () ->
                      concat(
                          respondWithHeader(IMMUTABLE, () -> getFromResourceDirectory(ROOT + "/assets")),
                          complete(StatusCodes.NOT_FOUND, "Not found"))),
              respondWithHeader(
                  NO_CACHE,
                  () ->
                      concat(
                          path.equals("/") || path.endsWith("/index.html")
                              ? reject()
                              : getFromResourceDirectory(ROOT),
                          getFromResource(ROOT + "/index.html"))));
        });
  }

  /** Paths the server owns: never answered with the inbox. */
  static boolean isServerPath(String path) {
    for (String prefix : new String[] {"/api", "/webhooks", "/health"}) {
      if (path.equals(prefix) || path.startsWith(prefix + "/")) {
        return true;
      }
    }
    return false;
  }
}
