package io.meshbridge.pilot.xds;

import static io.meshbridge.pilot.testing.Models.endpoint;
import static io.meshbridge.pilot.testing.Models.http;
import static io.meshbridge.pilot.testing.Models.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.controlplane.cache.Resources.ResourceType;
import io.envoyproxy.controlplane.cache.Watch;
import io.envoyproxy.controlplane.cache.XdsRequest;
import io.envoyproxy.controlplane.cache.v3.SimpleCache;
import io.envoyproxy.controlplane.cache.v3.Snapshot;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.meshbridge.model.Locality;
import io.meshbridge.model.MeshModel;
import io.meshbridge.model.Service;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.testing.FakeSerialExecutor;
import io.meshbridge.pilot.translate.ProxyScope;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One translation per narrowed scope, one shared snapshot per full scope in use. */
class SnapshotPublisherTest {

  private static final Service ORDERS = service("shop", "orders", http(8080));
  private static final MeshModel MODEL =
      MeshModel.of(List.of(ORDERS), List.of(endpoint(ORDERS, "10.0.0.1", "files")));

  private static final String WEB_ROUTE =
      """
      apiVersion: networking.istio.io/v1
      kind: VirtualService
      metadata: {name: orders, namespace: shop}
      spec:
        hosts: [orders]
        http:
        - {name: web, match: [{sourceLabels: {app: web}}], route: [{destination: {host: orders}}]}
        - {name: rest, route: [{destination: {host: orders}}]}
      """;

  private final SimpleCache<ProxyScope> cache = new SimpleCache<>(new ScopeNodeGroup());
  private final FakeSerialExecutor executor = new FakeSerialExecutor();
  private final SnapshotPublisher publisher = new SnapshotPublisher(cache, executor);

  private final ProxyScope web1 = scope("web", "web-1");
  private final ProxyScope web2 = scope("web", "web-2");
  private final ProxyScope api = scope("api", "api-1");

  @Test
  void fullScopesThatNarrowAlikeShareOneSnapshot() {
    publisher.used(web1);
    publisher.used(web2);
    publisher.used(api);
    publisher.publish(MODEL);
    executor.runPending();

    // No policy reads a label: every scope narrows to the default one.
    Snapshot shared = cache.getSnapshot(ProxyScope.DEFAULT);
    assertThat(List.of(web1, web2, api))
        .allSatisfy(s -> assertThat(cache.getSnapshot(s)).isSameAs(shared));

    publisher.publish(MODEL, policies(WEB_ROUTE));
    executor.runPending();

    // Now `app` is read: the web scopes share theirs; api gets its own, of the same content (so
    // the same versions) as the default scope's, which has no labels.
    Snapshot unlabelled = cache.getSnapshot(ProxyScope.DEFAULT);
    assertThat(cache.getSnapshot(web1)).isSameAs(cache.getSnapshot(web2));
    assertThat(cache.getSnapshot(web1).version(ResourceType.ROUTE, List.of()))
        .isNotEqualTo(unlabelled.version(ResourceType.ROUTE, List.of()));
    assertThat(cache.getSnapshot(api)).isNotSameAs(unlabelled);
    for (ResourceType type : List.of(ResourceType.CLUSTER, ResourceType.ENDPOINT,
        ResourceType.LISTENER, ResourceType.ROUTE, ResourceType.SECRET)) {
      assertThat(cache.getSnapshot(api).version(type, List.of()))
          .isEqualTo(unlabelled.version(type, List.of()));
    }
  }

  @Test
  void anUnchangedPublishKeepsTheSnapshotAndAnUnusedScopeIsForgotten() {
    publisher.used(web1);
    publisher.used(web1); // two streams
    publisher.publish(MODEL, policies(WEB_ROUTE));
    executor.runPending();
    Snapshot first = cache.getSnapshot(web1);

    publisher.publish(MODEL, policies(WEB_ROUTE));
    executor.runPending();
    assertThat(cache.getSnapshot(web1)).isSameAs(first);

    publisher.released(web1);
    executor.runPending();
    assertThat(cache.getSnapshot(web1)).isSameAs(first);
    publisher.released(web1);
    executor.runPending();
    assertThat(cache.getSnapshot(web1)).isNull();
    assertThat(cache.getSnapshot(ProxyScope.DEFAULT)).isNotNull();

    // Used again: it gets its snapshot at once, from the current translation.
    publisher.used(web1);
    executor.runPending();
    assertThat(cache.getSnapshot(web1)).isSameAs(first);
  }

  @Test
  void aScopeReleasedWhileAWatchIsOpenIsForgottenAtTheNextPublishAfterIt() {
    Struct labels = Struct.newBuilder()
        .putFields("app", Value.newBuilder().setStringValue("web").build())
        .putFields("pod", Value.newBuilder().setStringValue("web-1").build()).build();
    Node node = Node.newBuilder().setId("web-1").setMetadata(Struct.newBuilder()
        .putFields(ProxyScope.LABELS_METADATA, Value.newBuilder().setStructValue(labels).build()))
        .build();
    assertThat(ProxyScope.fromNode(node)).isEqualTo(web1);
    publisher.used(web1);
    publisher.publish(MODEL);
    executor.runPending();
    String version = cache.getSnapshot(web1).version(ResourceType.CLUSTER, List.of());
    Watch watch = cache.createWatch(true, XdsRequest.create(DiscoveryRequest.newBuilder()
        .setNode(node).setTypeUrl(Resources.V3.CLUSTER_TYPE_URL).setVersionInfo(version).build()),
        Set.of(), response -> {});

    publisher.released(web1); // its stream closes before java-control-plane cancels its watch
    executor.runPending();
    assertThat(cache.getSnapshot(web1)).isNotNull();

    watch.cancel();
    publisher.publish(MODEL);
    executor.runPending();
    assertThat(cache.getSnapshot(web1)).isNull();
    assertThat(cache.statusInfo(web1)).isNull();
  }

  private static ProxyScope scope(String app, String pod) {
    return new ProxyScope(ProxyScope.Kind.SIDECAR, "0.0.0.0", Map.of("app", app, "pod", pod),
        Locality.UNKNOWN);
  }

  private static PolicySet policies(String yaml) {
    return PolicySet.of(PolicyParser.parse("p.yaml", yaml).resources(), List.of());
  }
}
