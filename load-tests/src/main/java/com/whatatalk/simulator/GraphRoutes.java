package com.whatatalk.simulator;

import static org.apache.pekko.http.javadsl.server.Directives.*;

import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.graph.GraphReply;
import com.whatatalk.simulator.media.MediaHandler;
import com.whatatalk.simulator.media.MediaRules;
import com.whatatalk.simulator.media.MediaStore;
import com.whatatalk.simulator.media.StoredMedia;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Multipart;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The HTTP shape of the simulator: Meta's Graph endpoints under {@code /{version}/...}, the media
 * download URL, and the control API under {@code /_sim}. Handlers do the work; this only routes.
 */
final class GraphRoutes {
  private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");
  private static final long UPLOAD_LIMIT = MediaRules.MAX_UPLOAD_BYTES + 1024 * 1024;

  private final SimulatorControl sim;
  private final ControlRoutes control;

  GraphRoutes(SimulatorControl sim) {
    this.sim = sim;
    this.control = new ControlRoutes(sim);
  }

  Route route() {
    return concat(
        pathPrefix("_sim", control::route),
        pathPrefix(MediaStore.ATTACHMENTS_PATH, () -> pathPrefix("attachments", () ->
            pathEndOrSingleSlash(() -> get(this::download)))),
        pathPrefix(PathMatchers.segment(VERSION), version -> authenticated(() -> concat(
            path(PathMatchers.segment().slash("messages"), phoneNumberId ->
                post(() -> entity(Unmarshaller.entityToString(), body ->
                    reply(sim.sendHandler().send(version, phoneNumberId, body))))),
            path(PathMatchers.segment().slash("media"), phoneNumberId ->
                post(() -> upload(phoneNumberId))),
            path(PathMatchers.segment().slash("message_templates"), wabaId ->
                get(() -> templates(wabaId))),
            path(PathMatchers.segment(), id -> concat(
                get(() -> parameterOptional("phone_number_id", pn -> origin(origin ->
                    reply(sim.mediaHandler().info(id, pn, origin))))),
                delete(() -> parameterOptional("phone_number_id", pn ->
                    reply(sim.mediaHandler().delete(id, pn))))))))),
        extractUnmatchedPath(p -> reply(GraphReply.error(ErrorCodes.unknownPath(p)))));
  }

  private Route authenticated(Supplier<Route> inner) {
    return optionalHeaderValueByName("Authorization", h -> {
      if (sim.auth().valid(h)) {
        return inner.get();
      }
      sim.errors().record(190);
      return reply(GraphReply.error(ErrorCodes.invalidToken()));
    });
  }

  private Route templates(String wabaId) {
    boolean known = sim.settings().phoneNumbers().stream()
        .anyMatch(n -> n.wabaId().equals(wabaId));
    if (!known) {
      return reply(GraphReply.error(ErrorCodes.unknownObject(wabaId, "get")));
    }
    return parameterMap(query -> extractUri(uri ->
        reply(sim.templateListing().list(query, origin(uri) + uri.path()))));
  }

  private Route upload(String phoneNumberId) {
    return withSizeLimit(UPLOAD_LIMIT, () -> extractMaterializer(mat ->
        entity(Unmarshaller.entityToMultipartFormData(), form ->
            onSuccess(form.toStrict(60_000, mat), strict ->
                reply(sim.mediaHandler().upload(phoneNumberId, parts(strict)))))));
  }

  private static MediaHandler.Upload parts(Multipart.FormData.Strict form) {
    String product = null;
    String type = null;
    String fileType = null;
    String filename = null;
    byte[] bytes = null;
    for (Multipart.FormData.BodyPart.Strict part : form.getStrictParts()) {
      switch (part.getName()) {
        case "messaging_product" -> product = part.getEntity().getData().utf8String().trim();
        case "type" -> type = part.getEntity().getData().utf8String().trim();
        case "file" -> {
          bytes = part.getEntity().getData().toArray();
          fileType = part.getEntity().getContentType().mediaType().toString();
          filename = part.getFilename().orElse(null);
        }
        default -> { }
      }
    }
    return new MediaHandler.Upload(product, type, fileType, filename, bytes);
  }

  /** The media URL from GET /{media-id}: bytes with a valid bearer token, 404 otherwise (§3.1). */
  private Route download() {
    return optionalHeaderValueByName("Authorization", h -> parameterOptional("mid", mid ->
        parameterOptional("ext", ext -> parameterOptional("hash", hash -> {
          Optional<StoredMedia> m = sim.auth().valid(h) && mid.isPresent() && ext.isPresent()
              && hash.isPresent()
              ? sim.mediaStore().resolveDownload(mid.get(), ext.get(), hash.get())
              : Optional.empty();
          if (m.isEmpty()) {
            return complete(StatusCodes.NOT_FOUND);
          }
          ContentType ct = ContentTypes.parse(m.get().mimeType());
          return complete(HttpResponse.create().withEntity(ct, m.get().bytes()));
        }))));
  }

  private Route origin(java.util.function.Function<String, Route> inner) {
    return extractUri(uri -> inner.apply(origin(uri)));
  }

  private static String origin(Uri uri) {
    int port = uri.port();
    return uri.scheme() + "://" + uri.host().address() + (port > 0 ? ":" + port : "");
  }

  static Route reply(GraphReply r) {
    return complete(HttpResponse.create()
        .withStatus(r.status())
        .withEntity(ContentTypes.APPLICATION_JSON, Json.bytes(r.body())));
  }
}
