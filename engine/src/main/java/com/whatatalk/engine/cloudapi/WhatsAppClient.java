package com.whatatalk.engine.cloudapi;

import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * The WhatsApp Business Cloud API as the engine uses it. Nothing blocks. A send always completes
 * with a {@link SendOutcome}, network failures included; every other call fails its stage with a
 * {@link CloudApiException} (which says whether trying later may help), or with the parsing error
 * of a malformed MIME type or URL. Calls for a business number use that number's access token.
 */
public interface WhatsAppClient {

  /** Sends one message: accepted with its wamid, or rejected with Meta's error. */
  CompletionStage<SendOutcome> send(OutboundMessage message);

  /**
   * Marks a received message (and, in the customer's app, the ones before it) as read; with {@code
   * typingIndicator}, also shows "typing…" for up to 25 s or until we reply.
   */
  CompletionStage<Done> markAsRead(String phoneNumberId, String wamid, boolean typingIndicator);

  /** Uploads a file to Meta for the business number; completes with its media id. */
  CompletionStage<String> uploadMedia(String phoneNumberId, MediaUpload upload);

  /** Looks up a media id: its short-lived download URL, MIME type, hash and size. */
  CompletionStage<MediaInfo> mediaInfo(String phoneNumberId, String mediaId);

  /**
   * Starts downloading a media URL from {@link #mediaInfo} with the number's token: completes when
   * the headers arrive, with the bytes still to stream (see {@link MediaDownload}).
   */
  CompletionStage<MediaDownload> downloadMedia(String phoneNumberId, String url);

  /** Every message template of a WhatsApp Business Account, all pages followed. */
  CompletionStage<List<TemplateDefinition>> listTemplates(String wabaId);
}
