package com.whatatalk.simulator.templates;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.whatatalk.simulator.Json;
import com.whatatalk.simulator.graph.GraphReply;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /{version}/{waba-id}/message_templates} (§9.1): {@code status} and {@code name}
 * filters, {@code fields} selection, and cursor paging ({@code limit}, {@code after},
 * {@code before}) with Meta's {@code paging{cursors{before,after},next,previous}}.
 */
public final class TemplateListing {
  private final TemplateStore store;
  private final int defaultPageSize;

  public TemplateListing(TemplateStore store, int defaultPageSize) {
    this.store = store;
    this.defaultPageSize = defaultPageSize;
  }

  public GraphReply list(Map<String, String> query, String selfUrl) {
    List<Template> all = store.filter(query.get("status"), query.get("name"));
    int limit = Math.max(1, Math.min(1000, parseInt(query.get("limit"), defaultPageSize)));
    int from = 0;
    int to;
    if (query.containsKey("after")) {
      from = cursor(query.get("after")) + 1;
      to = Math.min(all.size(), from + limit);
    } else if (query.containsKey("before")) {
      to = Math.min(all.size(), cursor(query.get("before")));
      from = Math.max(0, to - limit);
    } else {
      to = Math.min(all.size(), limit);
    }
    from = Math.min(Math.max(0, from), all.size());
    to = Math.max(from, to);
    Set<String> fields = query.containsKey("fields")
        ? new HashSet<>(Arrays.asList(query.get("fields").split(","))) : null;
    ObjectNode reply = Json.object();
    ArrayNode data = reply.putArray("data");
    for (Template t : all.subList(from, to)) {
      ObjectNode n = t.toJson();
      if (fields != null) {
        n.retain(fields);
        n.put("id", t.id());
      }
      data.add(n);
    }
    ObjectNode paging = reply.putObject("paging");
    if (to > from) {
      ObjectNode cursors = paging.putObject("cursors");
      cursors.put("before", cursor(from));
      cursors.put("after", cursor(to - 1));
      if (to < all.size()) {
        paging.put("next", pageUrl(selfUrl, query, "after", cursor(to - 1)));
      }
      if (from > 0) {
        paging.put("previous", pageUrl(selfUrl, query, "before", cursor(from)));
      }
    }
    return GraphReply.ok(reply);
  }

  private static String pageUrl(String selfUrl, Map<String, String> query, String key,
      String cursor) {
    StringBuilder sb = new StringBuilder(selfUrl).append('?');
    query.forEach((k, v) -> {
      if (!k.equals("after") && !k.equals("before")) {
        sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
      }
    });
    return sb.append(key).append('=').append(cursor).toString();
  }

  private static String cursor(int index) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("tpl:" + index).getBytes(StandardCharsets.UTF_8));
  }

  private static int cursor(String c) {
    try {
      String s = new String(Base64.getUrlDecoder().decode(c), StandardCharsets.UTF_8);
      return Integer.parseInt(s.substring(4));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static int parseInt(String s, int dflt) {
    try {
      return s == null ? dflt : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
