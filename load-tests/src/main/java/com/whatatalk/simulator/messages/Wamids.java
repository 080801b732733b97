package com.whatatalk.simulator.messages;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Message ids shaped like Meta's: {@code wamid.} + base64 of a small binary record holding the
 * customer's number and a random id (Meta's begin with "HBgL..." for the same reason).
 */
public final class Wamids {
  private Wamids() {}

  public static String next(String waId) {
    byte[] number = waId.getBytes(StandardCharsets.US_ASCII);
    byte[] random = new byte[9];
    ThreadLocalRandom.current().nextBytes(random);
    byte[] hex = HexFormat.of().withUpperCase().formatHex(random).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x1c);
    out.write(0x18);
    out.write(number.length);
    out.writeBytes(number);
    out.writeBytes(new byte[] {0x15, 0x02, 0x00, 0x12, 0x18});
    out.write(hex.length);
    out.writeBytes(hex);
    out.write(0x00);
    return "wamid." + Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
