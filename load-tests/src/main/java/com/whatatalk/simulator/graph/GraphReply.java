package com.whatatalk.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;

/** An HTTP status with a JSON body: what every Graph and control handler returns. */
public record GraphReply(int status, JsonNode body) {

  public static GraphReply ok(JsonNode body) {
    return new GraphReply(200, body);
  }

  public static GraphReply error(GraphError e) {
    return new GraphReply(e.httpStatus(), e.toJson());
  }

  public static GraphReply success() {
    ObjectNode n = Json.object();
    n.put("success", true);
    return ok(n);
  }

  public boolean isOk() {
    return status / 100 == 2;
  }
}
