package io.meshbridge.pilot.ca;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/**
 * Asks the Kubernetes API server whether a bearer token is a valid service-account token (a
 * {@code TokenReview}), and turns {@code system:serviceaccount:<ns>:<sa>} into an identity. Pilot
 * needs RBAC {@code create} on {@code tokenreviews.authentication.k8s.io}.
 */
public final class KubernetesTokenReviewer implements TokenReviewer {

  static final String PREFIX = "system:serviceaccount:";

  private final KubernetesClient client;
  private final List<String> audiences;

  /**
   * @param audiences the audiences the token must be for; empty for the API server's default
   */
  public KubernetesTokenReviewer(KubernetesClient client, List<String> audiences) {
    this.client = requireNonNull(client, "client");
    this.audiences = List.copyOf(audiences);
  }

  @Override
  public SpiffeId review(String token, String trustDomain) {
    TokenReview request =
        new TokenReviewBuilder()
            .withNewSpec()
            .withToken(token)
            .withAudiences(audiences)
            .endSpec()
            .build();
    TokenReview answer;
    try {
      answer = client.resource(request).create();
    } catch (KubernetesClientException e) {
      // Not the caller's fault (pilot's RBAC, the API server is down): INTERNAL, not UNAUTHENTICATED.
      throw new CaRefusedException(
          Refusal.INTERNAL,
          "TokenReview: the API server did not answer (" + e.getCode() + "): " + e.getMessage(), e);
    }
    TokenReviewStatus status = answer == null ? null : answer.getStatus();
    if (status == null || !Boolean.TRUE.equals(status.getAuthenticated()) || status.getUser() == null) {
      String error = status == null ? "no status" : String.valueOf(status.getError());
      throw new CaRefusedException(
          Refusal.KUBERNETES_TOKEN_REJECTED, "TokenReview: not authenticated: " + error);
    }
    String user = String.valueOf(status.getUser().getUsername());
    String[] parts = user.startsWith(PREFIX) ? user.substring(PREFIX.length()).split(":", -1) : new String[0];
    if (parts.length != 2) {
      throw new CaRefusedException(
          Refusal.KUBERNETES_TOKEN_REJECTED,
          "TokenReview: user '" + user + "' (expected: system:serviceaccount:<namespace>:<name>)");
    }
    return new SpiffeId(trustDomain, parts[0], parts[1]);
  }
}
