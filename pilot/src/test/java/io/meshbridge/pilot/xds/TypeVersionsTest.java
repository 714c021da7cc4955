package io.meshbridge.pilot.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeVersionsTest {

  private static Cluster cluster(String name, int connectTimeoutSeconds) {
    return Cluster.newBuilder()
        .setName(name)
        .setConnectTimeout(
            com.google.protobuf.Duration.newBuilder().setSeconds(connectTimeoutSeconds))
        .build();
  }

  @Test
  void equalContentHasTheSameVersionInAnotherInstanceAsAfterARestart() {
    String first = new TypeVersions().of(List.of(cluster("a", 1), cluster("b", 1)));
    String restarted = new TypeVersions().of(List.of(cluster("a", 1), cluster("b", 1)));

    assertThat(restarted).isEqualTo(first).hasSize(16);
  }

  @Test
  void rememberedDigestsGiveTheVersionAFreshComputationGives() {
    TypeVersions versions = new TypeVersions();
    versions.of(List.of(cluster("a", 1), cluster("b", 1)));

    String next = versions.of(List.of(cluster("a", 1), cluster("b", 2), cluster("c", 1)));

    assertThat(next).isEqualTo(
        new TypeVersions().of(List.of(cluster("a", 1), cluster("b", 2), cluster("c", 1))));
  }

  @Test
  void anyChangeOfContentOrOrderChangesTheVersion() {
    TypeVersions versions = new TypeVersions();
    String v1 = versions.of(List.of(cluster("a", 1), cluster("b", 1)));
    String v2 = versions.of(List.of(cluster("a", 1), cluster("b", 2)));
    String v3 = versions.of(List.of(cluster("b", 2), cluster("a", 1)));
    String v4 = versions.of(List.of(cluster("a", 1), cluster("b", 1)));

    assertThat(List.of(v1, v2, v3)).doesNotHaveDuplicates();
    assertThat(v4).as("back to the first content").isEqualTo(v1);
    assertThat(TypeVersions.EMPTY).isNotIn(v1, v2, v3);
  }

  @Test
  void aResourceEqualToOneOfThePreviousPushIsThatInstanceAndAChangedOneIsNew() {
    TypeVersions versions = new TypeVersions();
    Cluster a = cluster("a", 1);
    Cluster b = cluster("b", 1);
    versions.versioned(List.of(a, b));

    Cluster aAgain = cluster("a", 1);
    Cluster bChanged = cluster("b", 2);
    TypeVersions.Versioned<Cluster> next = versions.versioned(List.of(aAgain, bChanged));

    assertThat(aAgain).isNotSameAs(a).isEqualTo(a);
    assertThat(next.resources().get(0)).isSameAs(a);
    assertThat(next.resources().get(1)).isSameAs(bChanged);
    assertThat(next.version()).isEqualTo(new TypeVersions().of(List.of(aAgain, bChanged)));

    TypeVersions.Versioned<Cluster> third = versions.versioned(List.of(cluster("b", 2)));
    assertThat(third.resources()).singleElement().isSameAs(bChanged);
  }
}
