package io.meshbridge.registry.eureka;

import static io.meshbridge.registry.eureka.Payloads.instance;
import static io.meshbridge.registry.eureka.Payloads.withAction;
import static io.meshbridge.registry.eureka.Payloads.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalRegistryTest {

  private final LocalRegistry local = new LocalRegistry();

  @Test
  void hashCodeCountsInstancesByStatusSortedAsEurekaDoes() {
    assertThat(local.reconcileHashCode()).isEmpty();
    local.replace(
        ApplicationsJson.parse(
            Payloads.applications(
                "",
                List.of(
                    instance("B", "b-1", "10.0.0.1", 80),
                    withStatus(instance("A", "a-1", "10.0.0.2", 80), "STARTING"),
                    instance("A", "a-2", "10.0.0.3", 80),
                    withStatus(instance("C", "c-1", "10.0.0.4", 80), "DOWN"),
                    withStatus(instance("C", "c-2", "10.0.0.5", 80), "OUT_OF_SERVICE")))));

    assertThat(local.reconcileHashCode()).isEqualTo("DOWN_1_OUT_OF_SERVICE_1_STARTING_1_UP_2_");
    assertThat(local.instances())
        .extracting(InstanceRecord::id)
        .containsExactly("a-1", "a-2", "b-1", "c-1", "c-2");
  }

  @Test
  void deltasAddModifyAndDelete() {
    local.replace(
        ApplicationsJson.parse(
            Payloads.applications(
                "",
                List.of(
                    instance("A", "a-1", "10.0.0.1", 80), instance("B", "b-1", "10.0.0.2", 80)))));

    List<InstanceRecord> ignored =
        local.apply(
            ApplicationsJson.parse(
                Payloads.applications(
                    "",
                    List.of(
                        withAction(instance("C", "c-1", "10.0.0.3", 80), "ADDED"),
                        withAction(
                            withStatus(instance("A", "a-1", "10.0.0.1", 80), "DOWN"), "MODIFIED"),
                        withAction(instance("B", "b-1", "10.0.0.2", 80), "DELETED"),
                        withAction(instance("B", "b-9", "10.0.0.9", 80), "DELETED"),
                        withAction(instance("D", "d-1", "10.0.0.4", 80), "RENAMED")))));

    assertThat(local.instances())
        .extracting(InstanceRecord::id, InstanceRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a-1", "DOWN"),
            org.assertj.core.groups.Tuple.tuple("c-1", "UP"));
    assertThat(ignored).extracting(InstanceRecord::id).containsExactly("d-1");
    assertThat(local.reconcileHashCode()).isEqualTo("DOWN_1_UP_1_");
  }
}
