package com.whatatalk.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

  @Test
  void extraNumbersJoinTheFirstNumbersWabaWithTheirOwnMps() {
    SimulatorSettings s = SimulatorSettings.fromConfig(ConfigFactory.parseString(
        "simulator.extra-phone-numbers = \"106540352242923:15550783882:1000, 106540352242924:15550783883:80\""));

    assertEquals(List.of(
            new SimulatorSettings.PhoneNumber("106540352242922", "15550783881", "102290129340398", "1", 80),
            new SimulatorSettings.PhoneNumber("106540352242923", "15550783882", "102290129340398", "1", 1000),
            new SimulatorSettings.PhoneNumber("106540352242924", "15550783883", "102290129340398", "1", 80)),
        s.phoneNumbers());
    assertEquals(1000, s.phoneNumber("106540352242923").orElseThrow().mps());
  }

  @Test
  void aMalformedOrRepeatedExtraNumberIsRefusedWithItsSpec() {
    IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class, () ->
        SimulatorSettings.fromConfig(ConfigFactory.parseString("simulator.extra-phone-numbers = \"123:80\"")));
    assertTrue(malformed.getMessage().contains("'123:80'"), malformed.getMessage());

    IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class, () ->
        SimulatorSettings.fromConfig(ConfigFactory.parseString(
            "simulator.extra-phone-numbers = \"106540352242922:15550783881:80\"")));
    assertTrue(repeated.getMessage().contains("distinct"), repeated.getMessage());
  }
}
