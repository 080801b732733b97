package com.whatatalk.simulator.graph;

/**
 * The Meta errors the simulator produces (§6), with Meta's titles and detail wording. HTTP
 * statuses follow Meta's older table (400 by default, 401 for 190, 404 for 132001).
 */
public final class ErrorCodes {
  public static final String OAUTH = "OAuthException";
  public static final String GRAPH_METHOD = "GraphMethodException";

  private ErrorCodes() {}

  public static GraphError invalidToken() {
    return new GraphError(401, OAUTH, 190, null,
        "Invalid OAuth access token - Cannot parse access token", null);
  }

  public static GraphError unknownObject(String id, String verb) {
    return new GraphError(400, GRAPH_METHOD, 100, 33,
        "Unsupported " + verb + " request. Object with ID '" + id + "' does not exist, cannot be"
            + " loaded due to missing permissions, or does not support this operation. Please read"
            + " the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        null);
  }

  public static GraphError unknownPath(String path) {
    return new GraphError(400, OAUTH, 2500, null, "Unknown path components: " + path, null);
  }

  public static GraphError invalidParameter(String details) {
    return new GraphError(400, OAUTH, 100, null, "Invalid parameter", details);
  }

  public static GraphError requiredParameterMissing(String details) {
    return new GraphError(400, OAUTH, 131008, null, "Required parameter is missing", details);
  }

  public static GraphError parameterValueInvalid(String details) {
    return new GraphError(400, OAUTH, 131009, null, "Parameter value is not valid", details);
  }

  public static GraphError unsupportedType(String details) {
    return new GraphError(400, OAUTH, 131051, null, "Unsupported message type", details);
  }

  public static GraphError mediaUpload(String details) {
    return new GraphError(400, OAUTH, 131053, null, "Media upload error", details);
  }

  public static GraphError throughput() {
    return new GraphError(400, OAUTH, 130429, null, "Rate limit hit",
        "Cloud API message throughput has been reached.");
  }

  public static GraphError pairRateLimit() {
    return new GraphError(400, OAUTH, 131056, null,
        "(Business Account, Consumer Account) pair rate limit hit",
        "Message failed to send because there were too many messages sent from this phone number"
            + " to the same phone number in a short period of time.");
  }

  public static GraphError reEngagement() {
    return new GraphError(400, OAUTH, 131047, null, "Re-engagement message",
        "Message failed to send because more than 24 hours have passed since the customer last"
            + " replied to this number.");
  }

  public static GraphError templateParamCount(String details) {
    return new GraphError(400, OAUTH, 132000, null,
        "Number of parameters does not match the expected number of params", details);
  }

  public static GraphError templateNotFound(String details) {
    return new GraphError(404, OAUTH, 132001, null, "Template name does not exist in the translation",
        details);
  }

  public static GraphError templateParamFormat(String details) {
    return new GraphError(400, OAUTH, 132012, null, "Parameter format does not match format in the"
        + " created template", details);
  }

  public static GraphError templatePaused(String details) {
    return new GraphError(400, OAUTH, 132015, null, "Template is Paused", details);
  }

  public static GraphError templateDisabled(String details) {
    return new GraphError(400, OAUTH, 132016, null, "Template is Disabled", details);
  }

  public static GraphError unsupportedInbound() {
    return new GraphError(400, OAUTH, 131051, null, "Message type unknown",
        "Message type is currently not supported.");
  }
}
