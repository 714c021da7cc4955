package io.meshbridge.pilot.aggregate;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.MeshModel;
import java.util.List;

/**
 * The outcome of merging every registry's snapshot.
 *
 * @param model the merged model that is translated and served
 * @param problems what could not be merged, each naming the service and the registries involved
 * @param conflicts endpoints two registries disagree about; the higher precedence copy is served
 * @param registries the status of each registry, in precedence order
 */
public record AggregateResult(
    MeshModel model,
    List<String> problems,
    List<EndpointConflict> conflicts,
    List<RegistryStatus> registries) {

  public static final AggregateResult EMPTY =
      new AggregateResult(MeshModel.EMPTY, List.of(), List.of(), List.of());

  public AggregateResult {
    requireNonNull(model, "model");
    problems = List.copyOf(problems);
    conflicts = List.copyOf(conflicts);
    registries = List.copyOf(registries);
  }
}
