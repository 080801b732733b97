package com.whatatalk.engine.templates;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/** The {@code crm.engine.templates} section, read once (reference.conf explains each key). */
public record TemplateSettings(
    Duration initialDelay, Duration syncInterval, Duration minSpacing, String consistency) {

  public static final String SECTION = "crm.engine.templates";

  public static TemplateSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new TemplateSettings(
        c.getDuration("initial-delay"),
        c.getDuration("sync-interval"),
        c.getDuration("min-spacing"),
        c.getString("consistency"));
  }

  public static TemplateSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }
}
