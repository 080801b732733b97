package com.whatatalk.http.health;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

import com.whatatalk.engine.health.Readiness;
import com.whatatalk.http.ApiErrors;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/alive}: the process serves HTTP. {@code /health/ready}: the node is an Up cluster
 * member and Cassandra answers; 503 with the reason otherwise.
 */
public final class HealthRoutes {
  private final Readiness readiness;

  public HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  public Route route() {
    return pathPrefix(
        "health",
        () ->
            get(
                () ->
                    concat(
                        path("alive", () -> complete(status("alive"))),
                        path(
                            "ready",
                            () ->
                                onSuccess(
                                    readiness.check(),
                                    notReady ->
                                        complete(
                                            notReady
                                                .map(
                                                    reason ->
                                                        ApiErrors.response(
                                                            StatusCodes.SERVICE_UNAVAILABLE,
                                                            "not_ready",
                                                            reason))
                                                .orElseGet(() -> status("ready"))))))));
  }

  private static HttpResponse status(String status) {
    return HttpResponse.create()
        .withEntity(ContentTypes.APPLICATION_JSON, "{\"status\":\"" + status + "\"}");
  }
}
