package com.whatatalk.simulator.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import com.whatatalk.simulator.SimulatorSettings;
import com.whatatalk.simulator.graph.ErrorCodes;
import com.whatatalk.simulator.graph.GraphError;
import com.whatatalk.simulator.graph.GraphReply;
import com.whatatalk.simulator.limits.ErrorCounters;
import java.util.Optional;

/**
 * The media endpoints (§3.1): upload checks MIME and size per §3.2 (→ 131053), {@code GET
 * /{media-id}} answers a short-lived URL, {@code DELETE} forgets the media.
 */
public final class MediaHandler {
  private final SimulatorSettings settings;
  private final MediaStore store;
  private final ErrorCounters errors;

  public MediaHandler(SimulatorSettings settings, MediaStore store, ErrorCounters errors) {
    this.settings = settings;
    this.store = store;
    this.errors = errors;
  }

  /** One uploaded file: its form fields and bytes. */
  public record Upload(String messagingProduct, String declaredType, String fileContentType,
      String filename, byte[] bytes) {}

  public GraphReply upload(String phoneNumberId, Upload u) {
    if (settings.phoneNumber(phoneNumberId).isEmpty()) {
      return fail(ErrorCodes.unknownObject(phoneNumberId, "post"));
    }
    if (!"whatsapp".equals(u.messagingProduct())) {
      return fail(ErrorCodes.invalidParameter(
          "The parameter messaging_product is required and must be \"whatsapp\"."));
    }
    if (u.bytes() == null) {
      return fail(ErrorCodes.invalidParameter("The parameter file is required."));
    }
    String mime = u.declaredType() != null ? u.declaredType() : u.fileContentType();
    if (mime == null) {
      return fail(ErrorCodes.invalidParameter("The parameter type is required."));
    }
    if (u.declaredType() != null && u.fileContentType() != null
        && !MediaRules.baseType(u.fileContentType()).equals("application/octet-stream")
        && !MediaRules.baseType(u.declaredType()).equals(MediaRules.baseType(u.fileContentType()))) {
      return fail(ErrorCodes.mediaUpload("The file's content type " + u.fileContentType()
          + " does not match the declared type " + u.declaredType() + "."));
    }
    Optional<MediaRules.Rule> rule = MediaRules.rule(mime);
    if (rule.isEmpty()) {
      return fail(ErrorCodes.mediaUpload("Media type " + mime + " is not supported."));
    }
    if (u.bytes().length > rule.get().maxBytes()) {
      return fail(ErrorCodes.mediaUpload("Media of type " + mime + " must be at most "
          + rule.get().maxBytes() + " bytes; this one is " + u.bytes().length + "."));
    }
    StoredMedia m = store.put(phoneNumberId, mime, u.bytes(), u.filename());
    ObjectNode reply = Json.object();
    reply.put("id", m.id());
    return GraphReply.ok(reply);
  }

  public GraphReply info(String mediaId, Optional<String> phoneNumberId, String origin) {
    Optional<StoredMedia> m = find(mediaId, phoneNumberId);
    if (m.isEmpty()) {
      return fail(ErrorCodes.unknownObject(mediaId, "get"));
    }
    StoredMedia media = m.get();
    ObjectNode reply = Json.object();
    reply.put("messaging_product", "whatsapp");
    reply.put("url", store.downloadUrl(origin, media));
    reply.put("mime_type", media.mimeType());
    reply.put("sha256", media.sha256Hex());
    reply.put("file_size", Integer.toString(media.bytes().length));
    reply.put("id", media.id());
    return GraphReply.ok(reply);
  }

  public GraphReply delete(String mediaId, Optional<String> phoneNumberId) {
    if (find(mediaId, phoneNumberId).isEmpty()) {
      return fail(ErrorCodes.unknownObject(mediaId, "delete"));
    }
    store.delete(mediaId);
    return GraphReply.success();
  }

  /** Media restricted to a phone number when {@code phone_number_id} is given (§3.1). */
  private Optional<StoredMedia> find(String mediaId, Optional<String> phoneNumberId) {
    return store.get(mediaId)
        .filter(m -> phoneNumberId.map(p -> p.equals(m.phoneNumberId())).orElse(true));
  }

  private GraphReply fail(GraphError e) {
    errors.record(e.code());
    return GraphReply.error(e);
  }
}
