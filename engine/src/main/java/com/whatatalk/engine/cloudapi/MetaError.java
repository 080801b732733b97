package com.whatatalk.engine.cloudapi;

/**
 * An error as Meta reports it (whatsapp-cloud-api.md §2.3), or a synthetic one for failures that
 * never reached Meta's error envelope (see {@link MetaErrorCodes} for the negative codes). Code,
 * title and details are what the red tick's tooltip shows.
 *
 * @param code Meta's {@code error.code}, or a negative synthetic code
 * @param subcode {@code error.error_subcode}; deprecated by Meta, often null
 * @param title the title: {@code message} without its {@code "(#code) "} prefix
 * @param message {@code error.message} as sent
 * @param details {@code error.error_data.details}; null when absent
 * @param fbtraceId {@code error.fbtrace_id}, for Meta support; null when absent
 * @param httpStatus the HTTP status of the response, 0 when there was none
 */
public record MetaError(
    int code,
    Integer subcode,
    String title,
    String message,
    String details,
    String fbtraceId,
    int httpStatus) {

  /** A synthetic error: no Meta envelope, so title and message are ours. */
  public static MetaError synthetic(int code, String title, String details, int httpStatus) {
    return new MetaError(code, null, title, title, details, null, httpStatus);
  }

  /** One line for an agent: {@code (#131047) Re-engagement message: More than 24 hours...}. */
  public String summary() {
    String head = "(#" + code + ") " + (title == null ? "" : title);
    return details == null || details.isBlank() ? head : head + ": " + details;
  }
}
