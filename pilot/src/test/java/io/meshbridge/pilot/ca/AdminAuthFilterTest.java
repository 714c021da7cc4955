package io.meshbridge.pilot.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.meshbridge.pilot.api.AdminAuthFilter;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pilot's admin filter in-process (here, next to the CA's test helpers): the admin token, and the
 * client certificate of a listed identity as an https connector hands it over.
 */
class AdminAuthFilterTest {

  static final SpiffeId OPERATOR = new SpiffeId("cluster.local", "ops", "admin");
  static final SpiffeId ORDERS = new SpiffeId("cluster.local", "shop", "orders");

  @TempDir Path directory;
  final MutableClock clock = MutableClock.ofNow();
  final MetricRegistry metrics = new MetricRegistry();
  CertificateAuthority ca;
  AdminAuthFilter filter;
  String token;

  @BeforeEach
  void setUp() throws Exception {
    ca = CertificateAuthority.open(CaOptions.defaults(directory), null, clock);
    AdminToken admin = AdminToken.loadOrCreate(directory);
    token = java.nio.file.Files.readString(directory.resolve(AdminToken.FILE)).trim();
    filter = new AdminAuthFilter(admin, ca, Set.of(OPERATOR), false, metrics);
  }

  @Test
  void aListedIdentitysCertificateMayChangeStateAnotherMayNot() throws Exception {
    assertThat(run("POST", null, certificate(OPERATOR))).isNull();
    assertThat(run("POST", null, certificate(ORDERS)))
        .contains("IDENTITY_NOT_ADMIN: spiffe://cluster.local/ns/shop/sa/orders is not in admin.identities");
    assertThat(metrics.counter("meshbridge.admin.refused.IDENTITY_NOT_ADMIN").getCount()).isEqualTo(1);
  }

  @Test
  void aCertificateOfAnotherCaOrAnExpiredOneIsRefusedByReason(@TempDir Path other) throws Exception {
    CertificateAuthority foreign = CertificateAuthority.open(CaOptions.defaults(other), null, clock);
    X509Certificate[] foreignChain =
        CertificateAuthorityTest.join(foreign, Certificates.newKeyPair(), OPERATOR).toArray(X509Certificate[]::new);
    assertThat(run("DELETE", null, foreignChain)).contains("UNTRUSTED_CERTIFICATE");
    X509Certificate[] mine = certificate(OPERATOR);
    clock.advance(java.time.Duration.ofHours(25));
    assertThat(run("PUT", null, mine)).contains("CERTIFICATE_EXPIRED");
  }

  @Test
  void theTokenWorksAndReadsAreOpen() throws Exception {
    assertThat(run("POST", "Bearer " + token, null)).isNull();
    assertThat(run("POST", "Bearer nope", null)).contains("WRONG_TOKEN");
    assertThat(run("POST", null, null)).contains("NO_CREDENTIALS");
    assertThat(run("GET", null, null)).isNull();
  }

  private X509Certificate[] certificate(SpiffeId id) {
    KeyPair keys = Certificates.newKeyPair();
    return CertificateAuthorityTest.join(ca, keys, id).toArray(X509Certificate[]::new);
  }

  /** Null when the request passed the filter, else the 401 body. */
  private @Nullable String run(String method, @Nullable String authorization, X509Certificate @Nullable [] chain)
      throws Exception {
    Map<String, Object> request = new java.util.HashMap<>();
    request.put("getMethod", method);
    request.put("getRequestURI", "/v1/ca/rotate-root");
    request.put("getRemoteAddr", "127.0.0.1");
    HttpServletRequest http =
        (HttpServletRequest) Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (p, m, args) -> switch (m.getName()) {
              case "getHeader" -> "Authorization".equals(args[0]) ? authorization : null;
              case "getAttribute" -> "jakarta.servlet.request.X509Certificate".equals(args[0]) ? chain : null;
              default -> request.get(m.getName());
            });
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int[] status = {200};
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}

          @Override
          public void write(int b) {
            body.write(b);
          }
        };
    HttpServletResponse response =
        (HttpServletResponse) Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {HttpServletResponse.class},
            (p, m, args) -> {
              if (m.getName().equals("setStatus")) {
                status[0] = (Integer) args[0];
              }
              return m.getName().equals("getOutputStream") ? out : null;
            });
    boolean[] passed = {false};
    filter.doFilter(http, response, (req, res) -> passed[0] = true);
    if (passed[0]) {
      return null;
    }
    assertThat(status[0]).isEqualTo(401);
    return body.toString(StandardCharsets.UTF_8);
  }
}
