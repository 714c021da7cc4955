package io.meshbridge.pilot.testing;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import java.util.List;
import java.util.Map;

/** Small builders for model values in tests. */
public final class Models {

  public static final Locality EAST = new Locality("us-east", "us-east-1a", "");
  public static final Locality WEST = new Locality("eu-west", "eu-west-1b", "rack-2");

  public static ServicePort http(int number) {
    return new ServicePort("http", number, Protocol.HTTP);
  }

  public static ServicePort port(String name, int number, Protocol protocol) {
    return new ServicePort(name, number, protocol);
  }

  public static Service service(String namespace, String name, ServicePort... ports) {
    return new Service(ServiceKey.of(namespace, name), List.of(), List.of(ports), Map.of());
  }

  public static Service service(
      String namespace, String name, List<String> hostnames, ServicePort... ports) {
    return new Service(ServiceKey.of(namespace, name), hostnames, List.of(ports), Map.of());
  }

  public static Endpoint endpoint(Service service, String address, String source) {
    return new Endpoint(
        service.key(), address, Map.of(), Map.of(), HealthStatus.HEALTHY, Locality.UNKNOWN, 1,
        source);
  }

  public static Endpoint endpoint(
      Service service,
      String address,
      Map<String, Integer> ports,
      HealthStatus health,
      Locality locality,
      int weight,
      String source) {
    return new Endpoint(
        service.key(), address, ports, Map.of("version", "v1"), health, locality, weight, source);
  }

  private Models() {}
}
