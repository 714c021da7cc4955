package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/ca/roots}: the trusted roots and the rotation under way; {@code POST
 * /v1/ca/rotate-root} with {@code {"overlap": "48h"}} (admin token): a new root signs from now on,
 * the old one stays trusted for the overlap.
 */
@Path("/v1/ca")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class RootsResource {

  private static final Logger logger = LoggerFactory.getLogger(RootsResource.class);

  /** The request body; {@code overlap} in Dropwizard's duration syntax ({@code 48h}). */
  public record RotateRequest(@JsonProperty("overlap") @Nullable String overlap) {}

  /** The roots (PEM, the signing one first) and when the overlap ends (null: no rotation). */
  public record Roots(String rootCert, int roots, @Nullable String overlapEnds) {}

  private final CertificateAuthority ca;

  public RootsResource(CertificateAuthority ca) {
    this.ca = requireNonNull(ca, "ca");
  }

  @GET
  @Path("roots")
  public Roots roots() {
    Instant ends = ca.overlapEnds();
    return new Roots(ca.rootsPem(), ca.trustedRoots().size(), ends == null ? null : ends.toString());
  }

  @POST
  @Path("rotate-root")
  public Response rotate(@Nullable RotateRequest request) {
    String value = request == null ? null : request.overlap();
    if (value == null || value.isEmpty()) {
      return TokensResource.error(
          Response.Status.BAD_REQUEST,
          "overlap: missing (expected: a duration such as 48h, at least the longest workload certificate lifetime)");
    }
    java.time.Duration overlap;
    try {
      overlap = io.dropwizard.util.Duration.parse(value).toJavaDuration();
      ca.rotateRoot(overlap);
    } catch (IllegalArgumentException e) {
      return TokensResource.error(
          Response.Status.BAD_REQUEST, "overlap: '" + value + "': " + e.getMessage());
    } catch (IllegalStateException e) {
      return TokensResource.error(Response.Status.CONFLICT, e.getMessage());
    }
    logger.warn("root rotation started over the REST API, overlap {}", overlap);
    return Response.ok(roots()).build();
  }
}
