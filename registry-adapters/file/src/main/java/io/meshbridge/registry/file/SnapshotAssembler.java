package io.meshbridge.registry.file;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.registry.file.ParsedFile.ServiceDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Folds the files of a directory into one registry's content. Pure: files are taken in name order,
 * and a service defined in two files belongs to the first; the other definition is reported.
 */
final class SnapshotAssembler {

  /** A registry's content, compared to decide whether a new snapshot is worth publishing. */
  record Contents(List<Service> services, List<Endpoint> endpoints, List<String> problems) {
    static final Contents EMPTY = new Contents(List.of(), List.of(), List.of());

    Contents {
      services = List.copyOf(services);
      endpoints = List.copyOf(endpoints);
      problems = List.copyOf(problems);
    }

    Contents withProblem(String problem) {
      List<String> all = new ArrayList<>(problems);
      all.add(problem);
      return new Contents(services, endpoints, all);
    }
  }

  static Contents assemble(SortedMap<String, FileState> files) {
    List<Service> services = new ArrayList<>();
    List<Endpoint> endpoints = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<ServiceKey, String> owners = new HashMap<>();
    files.forEach(
        (name, state) -> {
          ParsedFile content = state.lastGood();
          String consequence =
              content == null
                  ? "; nothing from " + name + " is used until it is fixed"
                  : "; serving the last good content of " + name;
          state.problems().forEach(problem -> problems.add(problem + consequence));
          if (content == null) {
            return;
          }
          for (ServiceDefinition definition : content.services()) {
            ServiceKey key = definition.service().key();
            String owner = owners.putIfAbsent(key, name);
            if (owner == null) {
              services.add(definition.service());
              endpoints.addAll(definition.endpoints());
            } else {
              problems.add(definition.origin() + ": service " + key + " is already defined in "
                  + owner + ", which comes first in name order;"
                  + " this definition and its endpoints are ignored");
            }
          }
          endpoints.addAll(content.endpoints());
        });
    return new Contents(services, endpoints, problems);
  }

  private SnapshotAssembler() {}
}
