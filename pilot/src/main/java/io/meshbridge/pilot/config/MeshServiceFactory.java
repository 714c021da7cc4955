package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.meshbridge.model.ServiceKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of pilot's {@code services:} section: a mesh service and the registry services it is
 * made of.
 *
 * <pre>{@code
 * services:
 *   - name: orders
 *     namespace: shop
 *     from:
 *       - {registry: consul, service: default/orders}
 *       - {registry: eureka, service: default/orders-service}
 *       - {registry: k8s-east, service: shop/orders}
 * }</pre>
 */
public class MeshServiceFactory {

  static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
  static final String LABEL_MESSAGE = "'${validatedValue}' (expected: a lowercase DNS label)";

  @JsonProperty
  @NotNull
  @Pattern(regexp = DNS_LABEL, message = LABEL_MESSAGE)
  private String name = "";

  @JsonProperty
  @NotNull
  @Pattern(regexp = DNS_LABEL, message = LABEL_MESSAGE)
  private String namespace = "default";

  @JsonProperty @NotEmpty private List<@Valid @NotNull Source> from = new ArrayList<>();

  public ServiceKey key() {
    return ServiceKey.of(namespace, name);
  }

  public List<Source> from() {
    return List.copyOf(from);
  }

  /** A service as one registry adapter publishes it: its id and {@code namespace/name}. */
  public static class Source {
    @JsonProperty @NotEmpty private String registry = "";

    @JsonProperty
    @NotNull
    @Pattern(
        regexp = DNS_LABEL + "/" + DNS_LABEL,
        message = "'${validatedValue}' (expected: namespace/name as the registry publishes it)")
    private String service = "";

    public String registry() {
      return registry;
    }

    /** The {@code namespace/name} as written (validated by the pattern above). */
    public String serviceText() {
      return service;
    }

    /**
     * The service as a key.
     *
     * @throws IllegalArgumentException if it is not {@code namespace/name}
     */
    public ServiceKey service() {
      int slash = service.indexOf('/');
      if (slash < 0) {
        throw new IllegalArgumentException(
            "service: '" + service + "' (expected: namespace/name as the registry publishes it)");
      }
      return ServiceKey.of(service.substring(0, slash), service.substring(slash + 1));
    }
  }
}
