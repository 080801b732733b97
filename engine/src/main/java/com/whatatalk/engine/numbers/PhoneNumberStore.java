package com.whatatalk.engine.numbers;

import com.datastax.oss.driver.api.core.cql.Row;
import com.whatatalk.engine.auth.Cql;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/** Phone numbers in Cassandra ({@code phone_numbers}), written with lightweight transactions. */
final class PhoneNumberStore {
  private static final String COLUMNS =
      "phone_number_id, display_number, waba_id, access_token, mps, mark_as_read,"
          + " typing_indicator, created_at, created_by, updated_at, updated_by";
  private static final String INSERT =
      "INSERT INTO whatatalk.phone_numbers (" + COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS";
  private static final String UPDATE =
      "UPDATE whatatalk.phone_numbers SET display_number = ?, waba_id = ?, access_token = ?,"
          + " mps = ?, mark_as_read = ?, typing_indicator = ?, updated_at = ?, updated_by = ?"
          + " WHERE phone_number_id = ? IF EXISTS";
  private static final String ALL = "SELECT " + COLUMNS + " FROM whatatalk.phone_numbers";

  private final Cql cql;

  PhoneNumberStore(Cql cql) {
    this.cql = cql;
  }

  /** False when the id exists already. */
  CompletionStage<Boolean> insert(PhoneNumber n) {
    return cql.conditional(
            INSERT,
            n.phoneNumberId(),
            n.displayNumber(),
            n.wabaId(),
            n.accessToken(),
            n.mps(),
            n.markAsRead(),
            n.typingIndicator(),
            n.createdAt(),
            uuid(n.createdBy()),
            n.updatedAt(),
            uuid(n.updatedBy()))
        .thenApply(Cql.Conditional::applied);
  }

  /** False when the id does not exist. */
  CompletionStage<Boolean> update(PhoneNumber n) {
    return cql.conditional(
            UPDATE,
            n.displayNumber(),
            n.wabaId(),
            n.accessToken(),
            n.mps(),
            n.markAsRead(),
            n.typingIndicator(),
            n.updatedAt(),
            uuid(n.updatedBy()),
            n.phoneNumberId())
        .thenApply(Cql.Conditional::applied);
  }

  /** Every number: a handful per company, so the table is read whole. */
  CompletionStage<List<PhoneNumber>> all() {
    return cql.all(ALL).thenApply(rows -> rows.stream().map(PhoneNumberStore::read).toList());
  }

  private static PhoneNumber read(Row r) {
    return new PhoneNumber(
        r.getString("phone_number_id"),
        r.getString("display_number"),
        r.getString("waba_id"),
        r.getString("access_token"),
        r.getInt("mps"),
        r.getBoolean("mark_as_read"),
        r.getBoolean("typing_indicator"),
        r.getInstant("created_at"),
        string(r.getUuid("created_by")),
        r.getInstant("updated_at"),
        string(r.getUuid("updated_by")));
  }

  private static UUID uuid(String id) {
    return id == null ? null : UUID.fromString(id);
  }

  private static String string(UUID id) {
    return id == null ? null : id.toString();
  }
}
