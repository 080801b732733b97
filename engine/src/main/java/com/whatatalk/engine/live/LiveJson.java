package com.whatatalk.engine.live;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/** The JSON of the live frames: camelCase fields, ISO-8601 instants, as the REST API writes. */
final class LiveJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private LiveJson() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serializable to JSON: " + value.getClass(), e);
    }
  }

  /**
   * {@code {"type","position","phoneNumberId","customerKey","sequence","data"}}; {@code data} is
   * copied as it was rendered by the publisher.
   */
  static String frame(String position, LiveEvent e) {
    return render(
        g -> {
          g.writeStringField("type", e.type());
          g.writeStringField("position", position);
          g.writeStringField("phoneNumberId", e.phoneNumberId());
          g.writeStringField("customerKey", e.customerKey());
          if (e.sequence() == null) {
            g.writeNullField("sequence");
          } else {
            g.writeNumberField("sequence", e.sequence());
          }
          g.writeFieldName("data");
          g.writeRawValue(e.data() == null ? "{}" : e.data());
        });
  }

  /** A control frame: {@code {"type": type, "position": position}}. */
  static String control(String type, String position) {
    return render(
        g -> {
          g.writeStringField("type", type);
          if (position != null) {
            g.writeStringField("position", position);
          }
        });
  }

  private interface Fields {
    void write(JsonGenerator g) throws IOException;
  }

  private static String render(Fields fields) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      fields.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
