package io.meshbridge.proxy.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestLogTest {

  @Test
  void jsonEscapesStringsAndJoinsFlagsInEnvoysOrder() {
    RequestLog log =
        new RequestLog(
            Instant.parse("2026-01-02T03:04:05Z"), 0, "GET", "a\"b", "/p\\q\n\u0001", "HTTP/1.0");
    log.flag(ResponseFlag.URX);
    log.flag(ResponseFlag.UF);
    log.flag(ResponseFlag.UF);

    assertThat(log.toJson(3_000_000))
        .isEqualTo(
            "{\"start_time\":\"2026-01-02T03:04:05Z\",\"method\":\"GET\",\"authority\":\"a\\\"b\","
                + "\"path\":\"/p\\\\q\\n\\u0001\",\"protocol\":\"HTTP/1.0\",\"response_code\":0,"
                + "\"response_flags\":\"UF,URX\",\"route_name\":\"\",\"upstream_cluster\":\"\","
                + "\"upstream_host\":\"\",\"bytes_received\":0,\"bytes_sent\":0,"
                + "\"duration_ms\":3,\"upstream_service_time_ms\":-1,\"attempts\":0}");
    assertThat(log.end()).isTrue();
    assertThat(log.end()).isFalse();
  }

  @Test
  void anUpstreamTlsFailureAddsItsReasonAsEnvoysField() {
    RequestLog log = new RequestLog(Instant.EPOCH, 0, "GET", "a", "/", "HTTP/1.1");
    assertThat(log.toJson(0)).doesNotContain("upstream_transport_failure_reason");

    log.flag(ResponseFlag.UF);
    log.upstreamTransportFailureReason("TLS handshake failed: SANs [b] match none of [c]");

    assertThat(log.toJson(0)).endsWith(",\"attempts\":0,"
        + "\"upstream_transport_failure_reason\":\"TLS handshake failed: SANs [b] match none of [c]\"}");
  }
}
