package io.meshbridge.launcher;

import io.meshbridge.proxy.bootstrap.AdsApi;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The configuration files the quickstart writes: exactly what a user would write by hand. Tests
 * use them too, so that what is tested is what a newcomer runs.
 */
public final class QuickstartFiles {

  public static String registry(int servicePort, List<SampleBackend> backends) {
    StringBuilder yaml =
        new StringBuilder(
            """
            # Meshbridge quickstart registry. Edit this file while the quickstart runs: add an
            # endpoint, change a weight, mark one UNHEALTHY, remove one. The mesh follows.
            services:
              - name: hello
                namespace: default
                ports:
                  - name: http
                    number: %d
                    protocol: HTTP
                endpoints:
            """
                .formatted(servicePort));
    for (SampleBackend b : backends) {
      yaml.append(
          """
                    - address: %s
                      ports: {http: %d}
                      labels: {backend: %s}
              """
              .formatted(Quickstart.HOST, b.port(), b.name()));
    }
    return yaml.toString();
  }

  /** Pilot with plaintext xDS on loopback and no CA (end-to-end tests). */
  public static String pilot(Path registryDir, int xdsPort, int restPort) {
    return pilot(registryDir, xdsPort, restPort, null, 0);
  }

  /**
   * Pilot with plaintext xDS on loopback and, with {@code caDirectory}, a CA (its TLS port {@code
   * caPort} also serves xDS over mTLS) keeping its root and tokens in that directory.
   */
  public static String pilot(
      Path registryDir, int xdsPort, int restPort, @Nullable Path caDirectory, int caPort) {
    String ca =
        caDirectory == null
            ? ""
            : """
            ca:
              directory: %s
              bindAddress: %s
              port: %d
            """.formatted(caDirectory.toAbsolutePath(), Quickstart.HOST, caPort);
    return """
        # Meshbridge pilot, as the quickstart runs it (see pilot/README.md for every key).
        xds:
          plaintext: true   # loopback only
          bindAddress: %1$s
          port: %2$d
        registries:
          - type: file
            id: files
            directory: %3$s
        server:
          type: simple
          applicationContextPath: /
          adminContextPath: /admin
          connector: {type: http, bindHost: %1$s, port: %4$d}
        logging:
          level: WARN
          loggers:
            io.meshbridge: INFO
        """
        .formatted(Quickstart.HOST, xdsPort, registryDir.toAbsolutePath(), restPort)
        + ca;
  }

  /** The proxy's bootstrap, speaking delta ADS to pilot (see {@link #proxy(int, int, AdsApi)}). */
  public static String proxy(int xdsPort, int adminPort) {
    return proxy(xdsPort, adminPort, AdsApi.DELTA);
  }

  /**
   * The proxy's bootstrap. The quickstart uses delta ADS: a changed endpoint then costs pilot one
   * load assignment per proxy instead of all of them (BENCHMARKS.md, "Pilot"); state of the world
   * ({@code api_type: GRPC}) works the same, only sends more.
   */
  public static String proxy(int xdsPort, int adminPort, AdsApi api) {
    return """
        # Meshbridge proxy bootstrap (Envoy's format; see proxy/README.md).
        node:
          id: quickstart-proxy
          cluster: quickstart
          metadata:
            MESHBRIDGE_BIND_ADDRESS: %1$s
        dynamic_resources:
          ads_config:
            api_type: %4$s
            transport_api_version: V3
            grpc_services:
            - envoy_grpc: {cluster_name: xds}
          lds_config: {ads: {}, resource_api_version: V3}
          cds_config: {ads: {}, resource_api_version: V3}
        static_resources:
          clusters:
          - name: xds
            type: STATIC
            connect_timeout: 1s
            load_assignment:
              cluster_name: xds
              endpoints:
              - lb_endpoints:
                - endpoint:
                    address:
                      socket_address: {address: %1$s, port_value: %2$d}
        admin:
          address:
            socket_address: {address: %1$s, port_value: %3$d}
        """
        .formatted(Quickstart.HOST, xdsPort, adminPort,
            api == AdsApi.DELTA ? "DELTA_GRPC" : "GRPC");
  }

  private QuickstartFiles() {}
}
