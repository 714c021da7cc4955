package io.meshbridge.pilot.policy;

import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.MeshModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicySetTest {

  static PolicySet parse(String yaml) {
    PolicyParser.Result r = PolicyParser.parse("p.yaml", yaml);
    return PolicySet.of(r.resources(), r.rejections());
  }

  @Test
  void acceptsConsistentResources() {
    PolicySet set = parse(PolicyParserTest.REVIEWS);
    assertThat(set.rejections()).isEmpty();
    assertThat(set.virtualServices()).hasSize(1);
    assertThat(set.destinationRules()).hasSize(1);
  }

  @Test
  void routeToAnUndefinedSubsetIsRejected() {
    PolicySet set = parse(PolicyParserTest.REVIEWS.replace("reviews.shop, subset: v2", "reviews.shop, subset: v3"));
    assertThat(set.virtualServices()).isEmpty();
    assertThat(set.destinationRules()).hasSize(1);
    assertThat(set.rejections()).singleElement().asString()
        .isEqualTo("VirtualService shop/reviews: spec.http[1].route[1].destination.subset: 'v3'"
            + " is not defined by any DestinationRule for host reviews.shop.mesh (p.yaml#1)");
  }

  @Test
  void secondDestinationRuleForAHostIsRejected() {
    String second = """
        ---
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews2, namespace: shop}
        spec: {host: reviews.shop.svc.cluster.local}
        """;
    PolicySet set = parse(PolicyParserTest.REVIEWS + second);
    assertThat(set.destinationRules()).extracting(DestinationRule::name).containsExactly("reviews");
    assertThat(set.rejections()).singleElement().asString()
        .contains("DestinationRule shop/reviews2: spec.host: 'reviews.shop.mesh' already has"
            + " DestinationRule shop/reviews");
  }

  @Test
  void againstTheModelRejectsUnknownHostsByName() {
    PolicySet set = parse(PolicyParserTest.REVIEWS);

    PolicySet none = set.against(MeshModel.EMPTY);
    assertThat(none.virtualServices()).isEmpty();
    assertThat(none.destinationRules()).isEmpty();
    assertThat(none.rejections()).extracting(Rejection::toString).containsExactlyInAnyOrder(
        "DestinationRule shop/reviews: spec.host: 'reviews.shop.mesh' is not a known service (p.yaml#2)",
        "VirtualService shop/reviews: spec.hosts[0]: 'reviews.shop.mesh' is not a known service (p.yaml#1)");

    MeshModel model = MeshModel.of(List.of(service("shop", "reviews", http(8080))), List.of());
    assertThat(set.against(model)).isEqualTo(set);
  }
}
