package io.meshbridge.pilot.ca;

/** Authenticates a Kubernetes service-account token (a TokenReview against the API server). */
@FunctionalInterface
public interface TokenReviewer {

  /**
   * @return the service account the token belongs to, as an identity in {@code trustDomain}
   * @throws CaRefusedException {@link Refusal#KUBERNETES_TOKEN_REJECTED} naming why
   */
  SpiffeId review(String token, String trustDomain);
}
