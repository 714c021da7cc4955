package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.EndpointConfig;
import io.meshbridge.proxy.config.HashPolicy;
import io.meshbridge.proxy.config.HeaderMutations;
import io.meshbridge.proxy.config.RetryPolicy;
import io.meshbridge.proxy.config.RouteAction;
import io.meshbridge.proxy.config.RouteEntry;
import io.meshbridge.proxy.config.RouteEntry.PathMatch;
import io.meshbridge.proxy.config.RouteMatch;
import io.meshbridge.proxy.config.VirtualHostConfig;
import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.Client;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RING_HASH and MAGLEV with a header hash policy, through a real proxy to four backends. */
@ExtendWith(LeakCheck.class)
class ConsistentHashIT {

  private static final int KEYS = 150;

  private final List<Backend> backends =
      List.of(Backend.start("b0"), Backend.start("b1"), Backend.start("b2"), Backend.start("b3"));
  private final ProxyFixture fixture = new ProxyFixture();
  private Client client;

  private void apply(LbPolicy policy, List<Backend> members) {
    apply(policy, members, new HashPolicy(HashPolicy.Kind.HEADER, "x-user", false));
  }

  private void apply(LbPolicy policy, List<Backend> members, HashPolicy hashPolicy) {
    VirtualHostConfig vhost =
        new VirtualHostConfig(
            "v",
            List.of("*"),
            List.of(
                new RouteEntry(
                    RouteMatch.path(PathMatch.prefix("/")),
                    new RouteAction.Forward(
                        List.of(new RouteAction.WeightedCluster("c", 1)), null, RetryPolicy.NONE,
                        "", "", List.of(), List.of(hashPolicy), null),
                    HeaderMutations.NONE)),
            HeaderMutations.NONE);
    EndpointConfig[] endpoints =
        members.stream().map(b -> endpoint("127.0.0.1", b.port())).toArray(EndpointConfig[]::new);
    assertThat(
            fixture.apply(
                config()
                    .listener("in", 0, "rt")
                    .routes("rt", vhost)
                    .cluster("c", policy, endpoints)
                    .build()))
        .isEmpty();
    client = new Client(fixture.port("in"));
  }

  @AfterEach
  void stop() {
    fixture.close();
    backends.forEach(Backend::close);
  }

  private String backendFor(String user) {
    return client.send(client.request("h", "/").header("x-user", user).build()).body();
  }

  private Map<String, String> assignment() {
    Map<String, String> out = new HashMap<>();
    for (int k = 0; k < KEYS; k++) {
      out.put("user-" + k, backendFor("user-" + k));
    }
    return out;
  }

  /** Of the keys not on b2 before, the share that kept their backend. */
  private static double stayedOffB2(Map<String, String> before, Map<String, String> after) {
    long others = before.values().stream().filter(b -> !b.equals("b2")).count();
    long stayed =
        before.entrySet().stream()
            .filter(e -> !e.getValue().equals("b2") && after.get(e.getKey()).equals(e.getValue()))
            .count();
    return stayed / (double) others;
  }

  @Test
  void ringHashKeepsAKeyOnItsBackendAndMovesFewKeysWhenOneLeaves() {
    apply(LbPolicy.RING_HASH, backends);
    Map<String, String> before = assignment();
    assertThat(before.values()).as("keys spread over all four").containsAll(
        List.of("b0", "b1", "b2", "b3"));
    for (int i = 0; i < 20; i++) {
      assertThat(backendFor("user-7")).isEqualTo(before.get("user-7"));
    }
    assertThat(assignment()).as("stable while endpoints are").isEqualTo(before);

    apply(LbPolicy.RING_HASH, List.of(backends.get(0), backends.get(1), backends.get(3)));
    Map<String, String> after = assignment();

    assertThat(after.values()).doesNotContain("b2");
    // Envoy's ring gives each of the 3 remaining hosts 342 points instead of 256; the new points
    // take some keys of the other remaining hosts (10-17 % expected), so "only b2's keys move"
    // holds only mostly, as in Envoy.
    assertThat(stayedOffB2(before, after)).isGreaterThan(0.7);
  }

  @Test
  void maglevKeepsAKeyOnItsBackendAndMovesFewKeysWhenOneLeaves() {
    apply(LbPolicy.MAGLEV, backends);
    Map<String, String> before = assignment();
    assertThat(assignment()).isEqualTo(before);

    apply(LbPolicy.MAGLEV, List.of(backends.get(0), backends.get(1), backends.get(3)));
    Map<String, String> after = assignment();

    assertThat(stayedOffB2(before, after)).isGreaterThan(0.9);
  }

  @Test
  void aCookieWithATtlIsSetOnTheFirstResponseAndKeepsTheClientOnItsBackend() {
    apply(LbPolicy.RING_HASH, backends,
        new HashPolicy(HashPolicy.Kind.COOKIE, "sticky", false, "/", Duration.ofHours(1)));
    HttpResponse<String> first = client.get("h", "/");
    String setCookie = first.headers().firstValue("set-cookie").orElseThrow();
    assertThat(setCookie).matches("sticky=\"[0-9a-f]{16}\"; Max-Age=3600; Path=/; HttpOnly");

    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> next = client.send(client.request("h", "/").header("cookie", cookie)
          .build());
      assertThat(next.body()).isEqualTo(first.body());
      assertThat(next.headers().firstValue("set-cookie")).isEmpty();
    }
  }
}
