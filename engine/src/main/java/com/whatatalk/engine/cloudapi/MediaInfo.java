package com.whatatalk.engine.cloudapi;

/**
 * What {@code GET /{version}/{media-id}} tells about a media object (whatsapp-cloud-api.md §3.1).
 * The URL is valid for 5 minutes only and needs the bearer token: download at once.
 *
 * @param fileSize size in bytes, -1 when Meta did not say
 */
public record MediaInfo(String id, String url, String mimeType, String sha256, long fileSize) {}
