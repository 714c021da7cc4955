package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/tokens} with {@code Authorization: Bearer <admin token>} (checked by pilot's
 * admin filter) and {@code
 * {"namespace": "shop", "serviceAccount": "orders", "ttl": "1h"}}: creates a one-time join token
 * for that identity. The answer is the only place the token ever appears, with the root bundle
 * the VM should trust.
 */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TokensResource {

  private static final Logger logger = LoggerFactory.getLogger(TokensResource.class);

  /** The request body; {@code ttl} in Dropwizard's duration syntax ({@code 1h}, {@code 30m}). */
  public record CreateRequest(
      @JsonProperty("namespace") @Nullable String namespace,
      @JsonProperty("serviceAccount") @Nullable String serviceAccount,
      @JsonProperty("ttl") @Nullable String ttl) {}

  /** The answer: the token (shown once), its identity, expiry, and the root bundle PEM. */
  public record Created(String token, String identity, String expiresAt, String rootCert) {}

  private final CertificateAuthority ca;

  /** The admin token is checked before this resource, by pilot's admin filter. */
  public TokensResource(CertificateAuthority ca) {
    this.ca = requireNonNull(ca, "ca");
  }

  @POST
  public Response create(@Nullable CreateRequest request) {
    if (request == null) {
      return error(Response.Status.BAD_REQUEST, "body: missing (expected: namespace, serviceAccount, ttl)");
    }
    try {
      SpiffeId identity =
          new SpiffeId(
              ca.options().trustDomain(),
              required("namespace", request.namespace()),
              required("serviceAccount", request.serviceAccount()));
      java.time.Duration ttl = ttl(request.ttl());
      JoinToken token = ca.joinTokens().create(identity, ttl);
      logger.info("created a join token for {}, expires {}", identity, token.expiresAt());
      return Response.ok(
              new Created(token.token(), identity.uri(), token.expiresAt().toString(), ca.rootsPem()))
          .build();
    } catch (IllegalArgumentException e) {
      return error(Response.Status.BAD_REQUEST, e.getMessage());
    } catch (UncheckedIOException e) {
      logger.error("POST /v1/tokens: cannot store the token", e);
      return error(Response.Status.INTERNAL_SERVER_ERROR, e.getMessage());
    }
  }

  private static String required(String field, @Nullable String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(field + ": missing");
    }
    return value;
  }

  private static java.time.Duration ttl(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return java.time.Duration.ofHours(1);
    }
    try {
      return io.dropwizard.util.Duration.parse(value).toJavaDuration();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("ttl: '" + value + "' (expected: a duration such as 1h or 30m)", e);
    }
  }

  static Response error(Response.Status status, @Nullable String message) {
    return Response.status(status)
        .entity(Map.of("code", status.getStatusCode(), "message", String.valueOf(message)))
        .build();
  }
}
