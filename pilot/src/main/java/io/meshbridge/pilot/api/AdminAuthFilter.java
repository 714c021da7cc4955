package io.meshbridge.pilot.api;

import static java.util.Objects.requireNonNull;

import com.codahale.metrics.MetricRegistry;
import io.meshbridge.pilot.ca.AdminToken;
import io.meshbridge.pilot.ca.CaRefusedException;
import io.meshbridge.pilot.ca.CertificateAuthority;
import io.meshbridge.pilot.ca.SpiffeId;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place pilot's REST API ({@code /v1}) and Dropwizard's admin ({@code /admin}) are
 * authenticated: a request that changes state (anything but GET, HEAD, OPTIONS) needs {@code
 * Authorization: Bearer <admin token>} or a client certificate (HTTPS connector) whose SPIFFE ID is
 * in {@code admin.identities}; reads pass unless {@code admin.readRequiresAuth}. A refusal is 401
 * with {@code {"code": 401, "message": "<REASON>: ..."}}, logged at WARN and counted ({@code
 * meshbridge.admin.refused.<REASON>}).
 */
public final class AdminAuthFilter implements Filter {

  private static final Logger logger = LoggerFactory.getLogger(AdminAuthFilter.class);
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private final @Nullable AdminToken token;
  private final @Nullable CertificateAuthority ca;
  private final Set<SpiffeId> identities;
  private final boolean readRequiresAuth;
  private final MetricRegistry metrics;

  /**
   * @param token the admin token; null when pilot has none (no CA): then only listed identities
   * @param ca verifies client certificates; null: certificates are not accepted
   */
  public AdminAuthFilter(
      @Nullable AdminToken token,
      @Nullable CertificateAuthority ca,
      Set<SpiffeId> identities,
      boolean readRequiresAuth,
      MetricRegistry metrics) {
    this.token = token;
    this.ca = ca;
    this.identities = Set.copyOf(identities);
    this.readRequiresAuth = readRequiresAuth;
    this.metrics = requireNonNull(metrics, "metrics");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    if (READS.contains(http.getMethod()) && !readRequiresAuth) {
      chain.doFilter(request, response);
      return;
    }
    String refusal = refusal(http);
    if (refusal == null) {
      chain.doFilter(request, response);
      return;
    }
    String reason = refusal.substring(0, refusal.indexOf(':'));
    metrics.counter(MetricRegistry.name("meshbridge.admin.refused", reason)).inc();
    logger.warn("admin: refused {} {} from {}: {}", http.getMethod(), http.getRequestURI(),
        http.getRemoteAddr(), refusal);
    HttpServletResponse out = (HttpServletResponse) response;
    out.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    out.setHeader("WWW-Authenticate", "Bearer");
    out.setContentType("application/json");
    out.getOutputStream().write(
        ("{\"code\":401,\"message\":\"" + refusal.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
            .getBytes(StandardCharsets.UTF_8));
  }

  /** Null when the request is authenticated, else {@code REASON: explanation}. */
  private @Nullable String refusal(HttpServletRequest http) {
    String authorization = http.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      AdminToken admin = token;
      if (admin == null) {
        return "NO_ADMIN_TOKEN: pilot has no admin token (ca.directory is not set)";
      }
      return admin.matches(authorization.substring(7).trim())
          ? null
          : "WRONG_TOKEN: the bearer token is not the admin token";
    }
    Object certificates = http.getAttribute("jakarta.servlet.request.X509Certificate");
    if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
      CertificateAuthority verifier = ca;
      if (verifier == null) {
        return "UNTRUSTED_CERTIFICATE: pilot has no CA to verify client certificates";
      }
      try {
        SpiffeId identity = verifier.identityOf(List.of(chain));
        return identities.contains(identity)
            ? null
            : "IDENTITY_NOT_ADMIN: " + identity + " is not in admin.identities";
      } catch (CaRefusedException e) {
        return e.getMessage();
      }
    }
    return "NO_CREDENTIALS: expected 'Authorization: Bearer <admin token>' or an admin client certificate";
  }
}
