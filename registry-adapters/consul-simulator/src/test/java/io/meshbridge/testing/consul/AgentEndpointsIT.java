package io.meshbridge.testing.consul;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshbridge.testing.consul.Http.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's service and check endpoints, TTL expiry and the critical-service reaper. */
class AgentEndpointsIT {

  private final ConsulSimulator consul = ConsulSimulator.start();
  private final Http http = new Http(consul);

  @AfterEach
  void stop() {
    consul.close();
  }

  @Test
  void registerWithTtlCheckThenPassWarnFailUpdate() {
    Response r =
        http.put(
            "/v1/agent/service/register",
            """
            {"ID": "web-1", "Name": "web", "Address": "10.0.0.1", "Port": 8080, "Tags": ["v1"],
             "Meta": {"protocol": "http"},
             "Check": {"TTL": "10s", "DeregisterCriticalServiceAfter": "1m"}}\
            """);
    assertThat(r.status()).isEqualTo(200);

    JsonNode entry = http.get("/v1/health/service/web").json().get(0);
    assertThat(entry.get("Node").get("Node").asText()).isEqualTo(consul.agentNode());
    JsonNode check = entry.get("Checks").get(1);
    assertThat(check.get("CheckID").asText()).isEqualTo("service:web-1");
    assertThat(check.get("Name").asText()).isEqualTo("Service 'web' check");
    assertThat(check.get("Status").asText()).as("Consul's initial status").isEqualTo("critical");
    assertThat(check.get("Type").asText()).isEqualTo("ttl");

    assertThat(http.put("/v1/agent/check/pass/service:web-1?note=ok", "").status()).isEqualTo(200);
    assertThat(status("service:web-1")).isEqualTo(CheckStatus.PASSING);
    assertThat(
            http.get("/v1/health/service/web?passing")
                .json()
                .get(0)
                .get("Checks")
                .get(1)
                .get("Output")
                .asText())
        .isEqualTo("ok");
    http.put("/v1/agent/check/warn/service:web-1", "");
    assertThat(status("service:web-1")).isEqualTo(CheckStatus.WARNING);
    http.put("/v1/agent/check/fail/service:web-1", "");
    assertThat(status("service:web-1")).isEqualTo(CheckStatus.CRITICAL);
    http.put("/v1/agent/check/update/service:web-1", "{\"Status\":\"passing\",\"Output\":\"up\"}");
    assertThat(status("service:web-1")).isEqualTo(CheckStatus.PASSING);
    assertThat(http.put("/v1/agent/check/update/service:web-1", "{\"Status\":\"fine\"}").status())
        .isEqualTo(400);
  }

  @Test
  void anUnchangedTtlPassWakesNoBlockingQuery() {
    http.put(
        "/v1/agent/service/register",
        "{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80,\"Check\":{\"TTL\":\"10s\"}}");
    http.put("/v1/agent/check/pass/service:web-1", "");
    long index = http.get("/v1/health/service/web").index();

    http.put("/v1/agent/check/pass/service:web-1", "");

    assertThat(http.get("/v1/health/service/web").index()).isEqualTo(index);
  }

  @Test
  void ttlExpiresToCriticalAndTheReaperDeregistersAfterTheCriticalPeriod() {
    http.put(
        "/v1/agent/service/register",
        """
        {"id": "web-1", "name": "web", "port": 80,
         "check": {"ttl": "5s", "deregister_critical_service_after": "10s"}}\
        """);
    http.put("/v1/agent/check/pass/service:web-1", "");

    consul.advanceTime(Duration.ofSeconds(6));
    assertThat(status("service:web-1")).isEqualTo(CheckStatus.CRITICAL);
    assertThat(
            http.get("/v1/health/service/web")
                .json()
                .get(0)
                .get("Checks")
                .get(1)
                .get("Output")
                .asText())
        .isEqualTo("TTL expired");

    // 10s is below Consul's floor of 1 minute, so it counts as 1 minute.
    consul.advanceTime(Duration.ofSeconds(40));
    assertThat(consul.instance("dc1", "web-1")).isPresent();

    consul.advanceTime(Duration.ofSeconds(40));
    assertThat(consul.instance("dc1", "web-1")).isEmpty();
    assertThat(http.get("/v1/health/service/web").json()).isEmpty();
    assertThat(http.get("/v1/agent/services").json().has("web-1")).isFalse();
  }

  @Test
  void httpAndTcpChecksAreRecordedNotRun() {
    Response r =
        http.put(
            "/v1/agent/service/register",
            """
            {"ID": "web-1", "Name": "web", "Port": 80, "Checks": [
              {"HTTP": "http://127.0.0.1:1/health", "Interval": "10s"},
              {"TCP": "127.0.0.1:1", "Interval": "10s", "Status": "passing"}]}\
            """);
    assertThat(r.status()).isEqualTo(200);

    assertThat(consul.checkIds("dc1", "web-1"))
        .containsExactly("service:web-1:1", "service:web-1:2");
    assertThat(status("service:web-1:1")).isEqualTo(CheckStatus.CRITICAL);
    assertThat(status("service:web-1:2")).isEqualTo(CheckStatus.PASSING);
    assertThat(http.put("/v1/agent/check/pass/service:web-1:1", "").body())
        .isEqualTo("CheckID \"service:web-1:1\" does not have associated TTL");
  }

  @Test
  void invalidRegistrationsAreRefusedWithConsulsMessages() {
    assertThat(http.put("/v1/agent/service/register", "{\"Port\":80}").body())
        .isEqualTo("Missing service name");
    assertThat(
            http.put(
                    "/v1/agent/service/register",
                    "{\"Name\":\"web\",\"Check\":{\"HTTP\":\"http://x\"}}")
                .body())
        .isEqualTo(
            "Invalid check: Interval must be > 0 for Script, HTTP, H2PING, TCP or UDP checks");
    assertThat(
            http.put("/v1/agent/service/register", "{\"Name\":\"web\",\"Check\":{\"Notes\":\"?\"}}")
                .body())
        .isEqualTo("Invalid check: TTL must be > 0 for TTL checks");
    assertThat(http.put("/v1/agent/service/register", "not json").status()).isEqualTo(400);
    assertThat(http.get("/v1/agent/service/register").status()).isEqualTo(405);
  }

  @Test
  void deregisterRemovesTheServiceAndItsChecksAndIgnoresUnknownIds() {
    http.put(
        "/v1/agent/service/register",
        "{\"ID\":\"web-1\",\"Name\":\"web\",\"Port\":80,\"Check\":{\"TTL\":\"10s\"}}");

    assertThat(http.put("/v1/agent/service/deregister/web-1", "").status()).isEqualTo(200);
    assertThat(http.put("/v1/agent/service/deregister/web-1", "").status()).isEqualTo(200);

    assertThat(consul.instance("dc1", "web-1")).isEmpty();
    assertThat(consul.checkStatus("dc1", "service:web-1")).isEmpty();
    assertThat(http.get("/v1/catalog/services").json().has("web")).isFalse();
  }

  private CheckStatus status(String checkId) {
    return consul.checkStatus("dc1", checkId).orElseThrow();
  }
}
