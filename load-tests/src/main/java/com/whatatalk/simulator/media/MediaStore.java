package com.whatatalk.simulator.media;

import com.whatatalk.simulator.SimClock;
import com.whatatalk.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * In-memory media, bounded in bytes (oldest evicted), with Meta's lifetimes: media lives
 * {@code media-ttl}, download URLs {@code url-ttl}. URLs are signed so that they cannot be forged
 * or extended: {@code /whatsapp_business/attachments/?mid=..&ext=<expiry>&hash=<hmac>}.
 */
public final class MediaStore {
  public static final String ATTACHMENTS_PATH = "whatsapp_business";

  private final SimClock clock;
  private final Duration urlTtl;
  private final Duration mediaTtl;
  private final long maxBytes;
  private final byte[] urlKey = new byte[32];
  private final LinkedHashMap<String, StoredMedia> media = new LinkedHashMap<>();
  private long totalBytes;

  public MediaStore(SimulatorSettings settings, SimClock clock) {
    this.clock = clock;
    this.urlTtl = settings.mediaUrlTtl();
    this.mediaTtl = settings.mediaTtl();
    this.maxBytes = settings.mediaMaxStoreBytes();
    ThreadLocalRandom.current().nextBytes(urlKey);
  }

  public synchronized StoredMedia put(String phoneNumberId, String mimeType, byte[] bytes,
      String filename) {
    String id;
    do {
      id = Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L,
          9_999_999_999_999_999L));
    } while (media.containsKey(id));
    StoredMedia m = new StoredMedia(id, phoneNumberId, mimeType, bytes, sha256Hex(bytes),
        filename, clock.now());
    media.put(id, m);
    totalBytes += bytes.length;
    Iterator<Map.Entry<String, StoredMedia>> it = media.entrySet().iterator();
    while (totalBytes > maxBytes && it.hasNext()) {
      StoredMedia oldest = it.next().getValue();
      if (oldest.id().equals(id)) {
        break;
      }
      totalBytes -= oldest.bytes().length;
      it.remove();
    }
    return m;
  }

  /** The media unless unknown, deleted or older than the media TTL. */
  public synchronized Optional<StoredMedia> get(String id) {
    StoredMedia m = media.get(id);
    if (m == null || m.createdAt().plus(mediaTtl).isBefore(clock.now())) {
      return Optional.empty();
    }
    return Optional.of(m);
  }

  public synchronized boolean delete(String id) {
    StoredMedia m = media.remove(id);
    if (m != null) {
      totalBytes -= m.bytes().length;
    }
    return m != null;
  }

  /** A fresh download URL for the media, valid {@code url-ttl} from now. */
  public String downloadUrl(String origin, StoredMedia m) {
    long expires = clock.now().plus(urlTtl).getEpochSecond();
    return origin + "/" + ATTACHMENTS_PATH + "/attachments/?mid=" + m.id() + "&ext=" + expires
        + "&hash=" + hmac(m.id() + ":" + expires);
  }

  /** The media behind a download URL, unless forged, expired or gone. */
  public Optional<StoredMedia> resolveDownload(String mid, String ext, String hash) {
    long expires;
    try {
      expires = Long.parseLong(ext);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    boolean genuine = MessageDigest.isEqual(
        hmac(mid + ":" + expires).getBytes(StandardCharsets.US_ASCII),
        hash.getBytes(StandardCharsets.US_ASCII));
    if (!genuine || Instant.ofEpochSecond(expires).isBefore(clock.now())) {
      return Optional.empty();
    }
    return get(mid);
  }

  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String hmac(String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(urlKey, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
