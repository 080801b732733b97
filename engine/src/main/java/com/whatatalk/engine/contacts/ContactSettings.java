package com.whatatalk.engine.contacts;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.contacts} section, read once (reference.conf says what each key means).
 */
public record ContactSettings(
    int maxTags,
    int tagMaxLength,
    int maxAttributes,
    int attributeKeyMaxLength,
    int attributeValueMaxLength,
    int noteMaxLength,
    int maxPageSize,
    int updateAttempts,
    Duration askTimeout,
    String consistency) {

  public static final String SECTION = "crm.engine.contacts";

  public static ContactSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new ContactSettings(
        c.getInt("max-tags"),
        c.getInt("tag-max-length"),
        c.getInt("max-attributes"),
        c.getInt("attribute-key-max-length"),
        c.getInt("attribute-value-max-length"),
        c.getInt("note-max-length"),
        c.getInt("max-page-size"),
        c.getInt("update-attempts"),
        c.getDuration("ask-timeout"),
        c.getString("consistency"));
  }

  public static ContactSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }
}
