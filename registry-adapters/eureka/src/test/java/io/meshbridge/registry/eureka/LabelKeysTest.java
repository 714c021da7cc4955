package io.meshbridge.registry.eureka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelKeysTest {

  @Test
  void aDottedPrefixAndItsSlashRoundTrip() {
    assertThat(LabelKeys.toMetadataKey("security.istio.io/tlsMode"))
        .isEqualTo("security.istio.io__tlsMode");
    assertThat(LabelKeys.toLabel("security.istio.io__tlsMode"))
        .isEqualTo("security.istio.io/tlsMode");
    assertThat(LabelKeys.toMetadataKey("app.kubernetes.io/name"))
        .isEqualTo("app.kubernetes.io__name");
    assertThat(LabelKeys.toLabel("app.kubernetes.io__name")).isEqualTo("app.kubernetes.io/name");
  }

  @Test
  void otherKeysAreLabelsAsTheyAre() {
    assertThat(LabelKeys.toMetadataKey("version")).isEqualTo("version");
    assertThat(LabelKeys.toMetadataKey("team.name")).isEqualTo("team.name");
    assertThat(LabelKeys.toLabel("team.name")).isEqualTo("team.name");
    assertThat(LabelKeys.toLabel("my__key")).isEqualTo("my__key"); // no dotted prefix
    assertThat(LabelKeys.toLabel("Team.Name__x")).isEqualTo("Team.Name__x"); // not a DNS prefix
    assertThat(LabelKeys.toMetadataKey("my__key")).isEqualTo("my__key");
  }

  @Test
  void keysThatWouldNotReadBackAreRejected() {
    assertThatThrownBy(() -> LabelKeys.toMetadataKey("app/tier")) // no dot in the prefix
        .hasMessageStartingWith("labels: key 'app/tier' (expected: an XML name");
    assertThatThrownBy(() -> LabelKeys.toMetadataKey("team.io__x")) // would read back as team.io/x
        .hasMessageStartingWith("labels: key 'team.io__x'");
    assertThatThrownBy(() -> LabelKeys.toMetadataKey("a.b/c/d"))
        .hasMessageStartingWith("labels: key 'a.b/c/d'");
  }
}
