package io.meshbridge.testing.consul;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.testing.consul.Http.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ACLs with default policy deny, as Consul answers: 403 for unknown tokens, filtering for none. */
class AclIT {

  private final ConsulSimulator consul =
      ConsulSimulator.builder().readToken("reader").writeToken("writer").start();
  private final Http http = new Http(consul);

  @AfterEach
  void stop() {
    consul.close();
  }

  @Test
  void anUnknownTokenIsRefusedEverywhere() {
    Response read = http.get("/v1/catalog/services", "guess");
    assertThat(read.status()).isEqualTo(403);
    assertThat(read.body()).isEqualTo("ACL not found");
    assertThat(http.get("/v1/health/service/web?token=guess").status()).isEqualTo(403);
    assertThat(http.put("/v1/agent/service/register", "{\"Name\":\"web\"}", "guess").body())
        .isEqualTo("ACL not found");
  }

  @Test
  void withoutATokenReadsAreFilteredToNothingAndWritesDenied() {
    consul.register(ServiceInstance.of("web-1", "web", "10.0.0.1", 80));

    Response services = http.get("/v1/catalog/services");
    assertThat(services.status()).isEqualTo(200);
    assertThat(services.json()).isEmpty();
    assertThat(services.index()).isPositive();
    assertThat(http.get("/v1/health/service/web").json()).isEmpty();
    assertThat(services.raw().headers().firstValue("X-Consul-Default-Acl-Policy")).contains("deny");

    Response write = http.put("/v1/agent/service/register", "{\"Name\":\"web\"}");
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.body())
        .startsWith(
            "Permission denied: token with AccessorID '00000000-0000-0000-0000-000000000002' lacks"
                + " permission 'service:write' on \"web\"");
  }

  @Test
  void aReadTokenReadsButCannotWrite() {
    consul.register(ServiceInstance.of("web-1", "web", "10.0.0.1", 80));

    assertThat(http.get("/v1/catalog/services", "reader").json().has("web")).isTrue();
    assertThat(http.get("/v1/health/service/web?token=reader").json()).hasSize(1);
    assertThat(http.put("/v1/agent/service/register", "{\"Name\":\"api\"}", "reader").status())
        .isEqualTo(403);
    assertThat(
            http.put("/v1/agent/service/register", "{\"Name\":\"api\",\"Port\":80}", "writer")
                .status())
        .isEqualTo(200);
    assertThat(http.get("/v1/catalog/services", "reader").json().has("api")).isTrue();
  }
}
