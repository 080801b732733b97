package com.whatatalk.engine.live;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The {@code crm.engine.live} section, read once (reference.conf says what each key means).
 *
 * @param catchUpEvents events each node keeps for sockets that reconnect with {@code since}
 * @param socketBuffer frames waiting for one slow socket before it is sent a resync instead
 * @param sessionCheckInterval how often an open socket re-checks its login session
 */
public record LiveSettings(int catchUpEvents, int socketBuffer, Duration sessionCheckInterval) {
  public static final String SECTION = "crm.engine.live";

  public LiveSettings {
    if (catchUpEvents < 1) {
      throw new IllegalArgumentException(SECTION + ".catch-up-events must be positive");
    }
    if (socketBuffer < 2) {
      throw new IllegalArgumentException(SECTION + ".socket-buffer must be at least 2");
    }
    if (sessionCheckInterval.isNegative() || sessionCheckInterval.isZero()) {
      throw new IllegalArgumentException(SECTION + ".session-check-interval must be positive");
    }
  }

  public static LiveSettings create(ActorSystem<?> system) {
    return create(system.settings().config());
  }

  public static LiveSettings create(Config config) {
    Config c = config.getConfig(SECTION);
    return new LiveSettings(
        c.getInt("catch-up-events"),
        c.getInt("socket-buffer"),
        c.getDuration("session-check-interval"));
  }
}
