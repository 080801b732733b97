package com.whatatalk.engine.templates;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.whatatalk.engine.auth.Cql;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;

/** Templates in the tables of {@code deploy/cassandra/create_template_tables.cql}. */
public final class TemplateStore {
  private static final String COLUMNS =
      "waba_id, name, language, template_id, category, status, parameter_format, components,"
          + " synced_at";
  private static final String UPSERT =
      "INSERT INTO whatatalk.templates (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String DELETE =
      "DELETE FROM whatatalk.templates WHERE waba_id = ? AND name = ? AND language = ?";
  private static final String SELECT_ALL =
      "SELECT " + COLUMNS + " FROM whatatalk.templates WHERE waba_id = ?";
  private static final String SELECT_ONE =
      SELECT_ALL + " AND name = ? AND language = ?";
  private static final String SELECT_KEYS =
      "SELECT name, language FROM whatatalk.templates WHERE waba_id = ?";
  private static final String RECORD_SYNC =
      "INSERT INTO whatatalk.template_syncs (waba_id, synced_at, templates, removed)"
          + " VALUES (?, ?, ?, ?)";
  private static final String SELECT_SYNC =
      "SELECT synced_at FROM whatatalk.template_syncs WHERE waba_id = ?";
  private static final TypeReference<List<Template.Component>> COMPONENTS = new TypeReference<>() {};

  private final Cql cql;
  private final ObjectMapper json =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public TemplateStore(Cql cql) {
    this.cql = cql;
  }

  public static TemplateStore create(ActorSystem<?> system, TemplateSettings settings) {
    return new TemplateStore(new Cql(system, DefaultConsistencyLevel.valueOf(settings.consistency())));
  }

  /** A template's name and language: its key within a WABA. */
  public record Key(String name, String language) {}

  public CompletionStage<Done> upsert(Template t) {
    return cql.write(
        UPSERT,
        t.wabaId(),
        t.name(),
        t.language(),
        t.id(),
        t.category(),
        t.status(),
        t.parameterFormat(),
        toJson(t.components()),
        t.syncedAt());
  }

  public CompletionStage<Done> delete(String wabaId, Key key) {
    return cql.write(DELETE, wabaId, key.name(), key.language());
  }

  public CompletionStage<List<Key>> keys(String wabaId) {
    return cql.all(SELECT_KEYS, wabaId)
        .thenApply(rows -> rows.stream().map(r -> new Key(r.getString("name"), r.getString("language"))).toList());
  }

  /** Every template of the WABA, by name then language. */
  public CompletionStage<List<Template>> list(String wabaId) {
    return cql.all(SELECT_ALL, wabaId).thenApply(rows -> rows.stream().map(this::template).toList());
  }

  public CompletionStage<Optional<Template>> get(String wabaId, String name, String language) {
    return cql.one(SELECT_ONE, wabaId, name, language).thenApply(r -> r.map(this::template));
  }

  public CompletionStage<Done> recordSync(String wabaId, Instant at, int templates, int removed) {
    return cql.write(RECORD_SYNC, wabaId, at, templates, removed);
  }

  public CompletionStage<Optional<Instant>> lastSync(String wabaId) {
    return cql.one(SELECT_SYNC, wabaId).thenApply(r -> r.map(row -> row.getInstant("synced_at")));
  }

  private Template template(Row r) {
    return new Template(
        r.getString("waba_id"),
        r.getString("template_id"),
        r.getString("name"),
        r.getString("language"),
        r.getString("category"),
        r.getString("status"),
        r.getString("parameter_format"),
        fromJson(r.getString("components")),
        r.getInstant("synced_at"));
  }

  private String toJson(List<Template.Component> components) {
    try {
      return json.writerFor(COMPONENTS).writeValueAsString(components);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Template.Component> fromJson(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    try {
      return json.readValue(text, COMPONENTS);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
