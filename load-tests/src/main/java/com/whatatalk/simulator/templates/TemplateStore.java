package com.whatatalk.simulator.templates;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** The template library; every configured WABA sees the same seeded templates. */
public final class TemplateStore {
  private final CopyOnWriteArrayList<Template> templates =
      new CopyOnWriteArrayList<>(TemplateSeeds.all());

  public List<Template> all() {
    return List.copyOf(templates);
  }

  public Optional<Template> find(String name, String language) {
    return templates.stream()
        .filter(t -> t.name().equals(name) && t.language().equals(language))
        .findFirst();
  }

  public boolean hasName(String name) {
    return templates.stream().anyMatch(t -> t.name().equals(name));
  }

  /** Templates matching Meta's list filters: status (any case) and a name substring. */
  public List<Template> filter(String status, String name) {
    return templates.stream()
        .filter(t -> status == null || t.status().equalsIgnoreCase(status))
        .filter(t -> name == null
            || t.name().toLowerCase(Locale.ROOT).contains(name.toLowerCase(Locale.ROOT)))
        .collect(Collectors.toList());
  }

  /** Changes a template's status, e.g. to pause it in the middle of a test. */
  public boolean setStatus(String name, String language, String status) {
    for (int i = 0; i < templates.size(); i++) {
      Template t = templates.get(i);
      if (t.name().equals(name) && t.language().equals(language)) {
        templates.set(i, new Template(t.id(), t.name(), t.language(),
            status.toUpperCase(Locale.ROOT), t.category(), t.parameterFormat(), t.components()));
        return true;
      }
    }
    return false;
  }
}
