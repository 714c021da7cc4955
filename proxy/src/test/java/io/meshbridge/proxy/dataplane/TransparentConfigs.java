package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;

import io.meshbridge.proxy.config.CircuitBreakerThresholds;
import io.meshbridge.proxy.config.ClusterConfig;
import io.meshbridge.proxy.config.ClusterTransport;
import io.meshbridge.proxy.config.HttpCodec;
import io.meshbridge.proxy.config.HttpProtocolOptions;
import io.meshbridge.proxy.config.LbSettings;
import io.meshbridge.proxy.config.ListenerCapture;
import io.meshbridge.proxy.config.ListenerConfig;
import io.meshbridge.proxy.config.OriginalDstConfig;
import io.meshbridge.proxy.config.ProxyConfig;
import io.meshbridge.proxy.config.TcpChain;
import io.meshbridge.proxy.config.TcpProxyConfig;
import java.time.Duration;
import java.util.List;

/**
 * The TPROXY test proxy: an HTTP and a TCP listener, transparent with the original_dst filter, to
 * the ORIGINAL_DST cluster {@code pt} (Istio's PassthroughCluster, no header); a transparent
 * virtual listener with {@code use_original_dst} whose own chain goes nowhere ({@code blackhole},
 * no endpoints); and a plain HTTP listener on a wildcard address that such connections are handed
 * to, routing to {@code backend}.
 */
final class TransparentConfigs {

  static final ListenerCapture TPROXY = new ListenerCapture(true, true, false);

  private TransparentConfigs() {}

  record Ports(int http, int tcp, int virtual, int handoff) {}

  static ClusterConfig passthrough() {
    return new ClusterConfig(
        "pt", "pt", ClusterConfig.LbPolicy.ROUND_ROBIN, Duration.ofSeconds(5),
        LbSettings.DEFAULTS, CircuitBreakerThresholds.DEFAULTS, null, null,
        HttpProtocolOptions.DEFAULT, ClusterTransport.PLAINTEXT,
        new OriginalDstConfig(false, OriginalDstConfig.DEFAULT_HEADER, null,
            OriginalDstConfig.DEFAULT_CLEANUP));
  }

  /** The proxy on {@code host} (a wildcard for TPROXY); {@code backend} is where handed-off HTTP goes. */
  static ProxyConfig proxy(String host, Ports ports, String backendIp, int backendPort) {
    return config()
        .listener(ListenerConfig.http("http_tproxy", host, ports.http(), "rt-pt", "http_tproxy",
            HttpCodec.AUTO).withCapture(TPROXY))
        .listener(ListenerConfig.tcp("tcp_tproxy", host, ports.tcp(), false,
            List.of(new TcpChain(List.of(), TcpProxyConfig.single("tcp_pt", "pt"))))
            .withCapture(TPROXY))
        .listener(ListenerConfig.tcp("virtual", host, ports.virtual(), false,
            List.of(new TcpChain(List.of(), TcpProxyConfig.single("blackhole", "blackhole"))))
            .withCapture(new ListenerCapture(true, true, true)))
        .listener(ListenerConfig.http("0.0.0.0_" + ports.handoff(), "0.0.0.0", ports.handoff(),
            "rt-backend", "handoff", HttpCodec.AUTO))
        .routes("rt-pt", vhost("all", List.of("*"), prefix("/", "pt")))
        .routes("rt-backend", vhost("all", List.of("*"), prefix("/", "backend")))
        .cluster(passthrough())
        .cluster("blackhole")
        .cluster("backend", endpoint(backendIp, backendPort))
        .build();
  }
}
