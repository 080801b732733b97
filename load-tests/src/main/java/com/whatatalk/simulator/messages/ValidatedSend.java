package com.whatatalk.simulator.messages;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A send request that passed validation. {@code markRead} requests (status=read, optionally
 * with a typing indicator) carry only {@code readMessageId}.
 *
 * @param type the message type, inferred from the content object when {@code type} is absent
 * @param content the object named after the type ({@code text}, {@code image}, ...)
 * @param mediaId the uploaded media id a media message refers to, or null (sent by link)
 */
public record ValidatedSend(
    boolean markRead,
    String readMessageId,
    String to,
    String type,
    JsonNode content,
    String mediaId,
    String bizOpaqueCallbackData,
    JsonNode request) {}
