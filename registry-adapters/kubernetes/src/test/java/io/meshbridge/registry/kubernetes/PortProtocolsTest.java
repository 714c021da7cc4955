package io.meshbridge.registry.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PortProtocolsTest {

  @ParameterizedTest(name = "appProtocol {0}, name {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        // appProtocol wins over the name, as in Istio.
        "http, tcp-x, HTTP",
        "HTTP, -, HTTP",
        "http2, http, HTTP2",
        "grpc, http, GRPC",
        "kubernetes.io/h2c, tcp, HTTP2",
        "kubernetes.io/ws, tcp, HTTP",
        "kubernetes.io/wss, http, TLS",
        "https, http, TLS",
        "tls, http, TLS",
        "tcp, http, TCP",
        "mysql, http, TCP",
        "example.com/custom, http, TCP",
        // Name prefixes, Istio's convention.
        "-, http, HTTP",
        "-, http-web, HTTP",
        "-, HTTP-Web, HTTP",
        "-, http2-api, HTTP2",
        "-, grpc, GRPC",
        "-, grpc-api, GRPC",
        "-, grpc-web, HTTP",
        "-, https-admin, TLS",
        "-, tls-db, TLS",
        "-, tcp-db, TCP",
        "-, redis, TCP",
        // Nothing to go on: TCP (Istio would sniff; Meshbridge does not).
        "-, '', TCP",
        "-, web, TCP",
        "-, httpx, TCP",
        "'', http, HTTP",
      })
  void resolves(String appProtocol, String name, Protocol expected) {
    assertThat(PortProtocols.resolve(appProtocol, name)).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void appProtocolReadsBack(Protocol protocol) {
    assertThat(PortProtocols.resolve(PortProtocols.appProtocol(protocol), "")).isEqualTo(protocol);
  }
}
