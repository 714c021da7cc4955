package io.meshbridge.agent.config;

import io.meshbridge.agent.config.RegistrationConfig.Type;
import io.meshbridge.registry.eureka.EurekaRegistrarConfig;
import io.meshbridge.registry.eureka.EurekaRegistryConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperConfig;
import io.meshbridge.registry.zookeeper.ZooKeeperLayout;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code registration:}; the registrars' own config records validate their fields, and
 * their messages are prefixed with the field path here.
 */
final class RegistrationReader {

  static RegistrationConfig read(@Nullable ConfigNode r, ServiceConfig service) {
    if (r == null) {
      return RegistrationConfig.none();
    }
    r.only("type", "retryInterval", "consul", "eureka", "zookeeper", "pilot");
    String typeName = r.requiredString("type", "one of consul, eureka, zookeeper, pilot, none");
    Type type;
    try {
      type = Type.valueOf(typeName.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw r.invalid("type",
          "'" + typeName + "' (expected one of: consul, eureka, zookeeper, pilot, none)");
    }
    for (Type other : Type.values()) {
      if (other != type && other != Type.NONE && r.has(other.configName())) {
        throw r.invalid(other.configName(), "set, but type is " + typeName
            + " (expected: only the settings of the registry type names)");
      }
    }
    if (type != Type.NONE && type != Type.PILOT && service.ports().size() != 1) {
      throw r.invalid("type", typeName + " registers one port, and service.ports has "
          + service.ports().size() + " (expected: exactly one service port)");
    }
    Duration retry = r.duration("retryInterval", RegistrationConfig.DEFAULT_RETRY_INTERVAL);
    try {
      return switch (type) {
        case NONE -> new RegistrationConfig(type, null, null, null, null, retry);
        case CONSUL -> new RegistrationConfig(type, consul(r.requiredObject("consul",
            "a mapping, e.g. {address: http://127.0.0.1:8500}")), null, null, null, retry);
        case EUREKA -> new RegistrationConfig(type, null, eureka(r.requiredObject("eureka",
            "a mapping with serviceUrls")), null, null, retry);
        case ZOOKEEPER -> new RegistrationConfig(type, null, null, zookeeper(r.requiredObject(
            "zookeeper", "a mapping with connectString")), null, retry);
        case PILOT -> new RegistrationConfig(type, null, null, null, pilot(r.requiredObject(
            "pilot", "a mapping with group, e.g. {group: orders}")), retry);
      };
    } catch (IllegalArgumentException e) {
      throw new AgentConfigException(r.at(typeName) + "." + e.getMessage());
    }
  }

  private static RegistrationConfig.Pilot pilot(ConfigNode p) {
    p.only("group");
    return new RegistrationConfig.Pilot(
        p.requiredString("group", "the WorkloadGroup to register from, e.g. orders"));
  }

  private static RegistrationConfig.Consul consul(ConfigNode c) {
    c.only("address", "token", "ttl", "deregisterCriticalServiceAfter");
    URI address = uri(c, "address", c.string("address", "http://127.0.0.1:8500"));
    if (address.getScheme() == null || !address.getScheme().startsWith("http")
        || address.getHost() == null) {
      throw c.invalid("address", "'" + address + "' (expected: http://host:port)");
    }
    return new RegistrationConfig.Consul(address, c.string("token"),
        c.duration("ttl", Duration.ofSeconds(15)),
        c.duration("deregisterCriticalServiceAfter", Duration.ofMinutes(1)));
  }

  private static EurekaRegistrarConfig eureka(ConfigNode e) {
    e.only("serviceUrls", "renewalInterval", "leaseDuration", "requestTimeout");
    List<URI> urls = new ArrayList<>();
    List<String> values = e.strings("serviceUrls");
    for (int i = 0; i < values.size(); i++) {
      urls.add(uri(e, "serviceUrls[" + i + "]", values.get(i)));
    }
    if (urls.isEmpty()) {
      throw e.invalid("serviceUrls", "missing (expected: e.g. [http://eureka:8761/eureka/])");
    }
    return new EurekaRegistrarConfig(urls,
        e.duration("renewalInterval", EurekaRegistrarConfig.DEFAULT_RENEWAL_INTERVAL),
        e.duration("leaseDuration", EurekaRegistrarConfig.DEFAULT_LEASE_DURATION),
        e.duration("requestTimeout", EurekaRegistryConfig.DEFAULT_REQUEST_TIMEOUT));
  }

  private static ZooKeeperConfig zookeeper(ConfigNode z) {
    z.only("connectString", "layout", "basePath", "sessionTimeout", "connectionTimeout");
    ZooKeeperLayout layout = z.parsed("layout", ZooKeeperLayout::parse);
    if (layout == null) {
      layout = ZooKeeperLayout.CURATOR;
    }
    return ZooKeeperConfig.of("agent", z.requiredString("connectString", "host:port[,...]"), layout)
        .withBasePath(z.string("basePath", layout.defaultBasePath()))
        .withTimeouts(z.duration("sessionTimeout", ZooKeeperConfig.DEFAULT_SESSION_TIMEOUT),
            z.duration("connectionTimeout", ZooKeeperConfig.DEFAULT_CONNECTION_TIMEOUT));
  }

  private static URI uri(ConfigNode node, String key, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw node.invalid(key, "'" + value + "' (expected: a URL)");
    }
  }

  private RegistrationReader() {}
}
