package com.whatatalk.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SerializationTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  private final Serialization serialization =
      SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()));

  record PlainJava(String text) implements Serializable {}

  record Marked(String text) implements CborSerializable {}

  @AfterAll
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void refusesJavaSerialization() {
    var result = serialization.serialize(new PlainJava("hello"));
    assertTrue(result.isFailure(), "Java serialization must be refused");
  }

  @Test
  void serializesTheMarkerInterfaceWithJacksonCbor() {
    assertEquals(JacksonCborSerializer.class, serialization.findSerializerFor(new Marked("x")).getClass());
    byte[] bytes = serialization.serialize(new Marked("round trip")).get();
    Object back =
        serialization.deserialize(bytes, serialization.findSerializerFor(new Marked("")).identifier(), Marked.class.getName()).get();
    assertEquals(new Marked("round trip"), back);
  }
}
