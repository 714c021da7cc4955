package io.meshbridge.proxy.config;

import static java.util.Objects.requireNonNull;

/**
 * A secret a transport socket names through SDS ({@code *_sds_secret_config(s)}).
 *
 * @param name the secret name, e.g. {@code default} or {@code ROOTCA}
 * @param local whether the proxy's own identity provider serves it ({@code sds_config} naming
 *     cluster {@code sds-grpc}); otherwise it comes over ADS
 */
public record SecretRef(String name, boolean local) {

  public SecretRef {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: empty (expected: a secret name)");
    }
  }
}
