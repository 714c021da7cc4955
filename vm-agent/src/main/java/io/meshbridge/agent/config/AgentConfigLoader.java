package io.meshbridge.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.proxy.bootstrap.HostPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code agent.yaml} strictly: an unknown key, a missing required field or a value of the
 * wrong shape is an {@link AgentConfigException} naming the file and the field path, e.g. {@code
 * agent.yaml: service.ports[0].targetPort: missing (expected: 1..65535)}.
 */
public final class AgentConfigLoader {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  /**
   * @throws AgentConfigException naming the file and field
   */
  public static AgentConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new AgentConfigException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /**
   * @throws AgentConfigException naming {@code fileName} and the field
   */
  public static AgentConfig parse(String fileName, String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new AgentConfigException(fileName + ": not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new AgentConfigException(fileName + ": empty (expected: at least pilot and service)");
    }
    try {
      return read(ConfigNode.root(root));
    } catch (AgentConfigException e) {
      throw new AgentConfigException(fileName + ": " + e.getMessage());
    }
  }

  private static AgentConfig read(ConfigNode root) {
    root.only("stateDir", "pilot", "proxy", "service", "healthCheck", "registration", "upstreams",
        "dns", "capture", "drainGracePeriod");
    Path stateDir = Path.of(root.string("stateDir", AgentConfig.DEFAULT_STATE_DIR.toString()));
    PilotConfig pilot = pilot(root.requiredObject("pilot", "a mapping with addresses"));
    ServiceConfig service =
        ServiceReader.read(root.requiredObject("service", "a mapping with name and ports"));
    ProxySettings proxy = proxy(root.object("proxy"), service);
    HealthCheckConfig health = HealthCheckReader.read(root.object("healthCheck"), service);
    RegistrationConfig registration =
        RegistrationReader.read(root.object("registration"), service);
    if (registration.type() == RegistrationConfig.Type.PILOT && pilot.identity() == null) {
      throw new AgentConfigException("registration.type: pilot needs pilot.ca (expected: pilot"
          + " auto-registers a workload only over its mTLS xDS port, with the workload's"
          + " certificate)");
    }
    List<Upstream> upstreams = new ArrayList<>();
    for (ConfigNode u : root.objects("upstreams")) {
      u.only("name", "namespace", "port");
      ServiceKey key = key(u, u.requiredString("name", "a mesh service name"),
          u.string("namespace", service.key().namespace()));
      upstreams.add(new Upstream(key, u.requiredInteger("port", 1, 65535)));
    }
    DnsConfig dns = dns(root.object("dns"));
    CaptureConfig capture = CaptureReader.read(root.object("capture"), proxy, upstreams);
    Duration grace = root.duration("drainGracePeriod", AgentConfig.DEFAULT_DRAIN_GRACE_PERIOD);
    return new AgentConfig(stateDir, pilot, proxy, service, health, registration, upstreams, dns,
        capture, grace);
  }

  private static PilotConfig pilot(ConfigNode p) {
    p.only("addresses", "connectTimeout", "ca");
    List<HostPort> addresses = hostPorts(p, "addresses");
    if (addresses.isEmpty()) {
      throw p.invalid("addresses", "missing (expected: pilot's xDS host:port, e.g. pilot:15010)");
    }
    IdentityConfig identity = null;
    ConfigNode ca = p.object("ca");
    if (ca != null) {
      ca.only("address", "rootFile", "joinTokenFile");
      String address = ca.requiredString("address", "pilot's CA host:port, e.g. pilot:15012");
      hostPort(ca, "address", address, 1);
      Path root = Path.of(ca.requiredString("rootFile", "a PEM file with pilot's root"));
      String token = ca.string("joinTokenFile");
      identity = new IdentityConfig(address, root, token == null ? null : Path.of(token));
    }
    return new PilotConfig(addresses, p.duration("connectTimeout", Duration.ofSeconds(5)),
        identity);
  }

  private static ProxySettings proxy(@Nullable ConfigNode p, ServiceConfig service) {
    String defaultId =
        service.key().name() + "-" + service.instanceId() + "." + service.key().namespace();
    if (p == null) {
      return new ProxySettings(defaultId, "127.0.0.1", new HostPort("127.0.0.1", 15000), true);
    }
    p.only("nodeId", "bindAddress", "adminAddress", "bootFromLastConfig");
    String bind = p.string("bindAddress", "127.0.0.1");
    if (!HostPort.isIpLiteral(bind)) {
      throw p.invalid("bindAddress", "'" + bind + "' (expected: an IP literal, e.g. 127.0.0.1)");
    }
    HostPort admin = hostPort(p, "adminAddress", p.string("adminAddress", "127.0.0.1:15000"), 0);
    if (!HostPort.isIpLiteral(admin.host())) {
      throw p.invalid("adminAddress", "'" + admin + "' (expected: an IP literal and a port)");
    }
    return new ProxySettings(p.string("nodeId", defaultId), bind, admin,
        p.bool("bootFromLastConfig", true));
  }

  private static @Nullable DnsConfig dns(@Nullable ConfigNode d) {
    if (d == null) {
      return null;
    }
    d.only("enabled", "listen", "forwardTo", "ttl", "forwardTimeout");
    if (!d.bool("enabled", true)) {
      return null;
    }
    HostPort listen = hostPort(d, "listen", d.string("listen", "127.0.0.55:53"), 0);
    if (!HostPort.isIpLiteral(listen.host())) {
      throw d.invalid("listen", "'" + listen + "' (expected: an IP literal and a port)");
    }
    List<HostPort> forward = hostPorts(d, "forwardTo");
    return new DnsConfig(listen, forward, d.duration("ttl", Duration.ofSeconds(30)),
        d.duration("forwardTimeout", Duration.ofSeconds(5)));
  }

  static ServiceKey key(ConfigNode node, String name, String namespace) {
    try {
      return ServiceKey.of(namespace, name);
    } catch (IllegalArgumentException e) {
      throw node.nested(e.getMessage());
    }
  }

  private static List<HostPort> hostPorts(ConfigNode node, String key) {
    List<String> values = node.strings(key);
    List<HostPort> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      out.add(hostPort(node, key + "[" + i + "]", values.get(i), 1));
    }
    return out;
  }

  /** {@code host:port} or {@code [v6]:port}, the port at least {@code minPort}. */
  static HostPort hostPort(ConfigNode node, String key, String value, int minPort) {
    int colon = value.lastIndexOf(':');
    String host = colon > 0 ? value.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (host.isEmpty() || port < minPort || port > 65535) {
        throw new NumberFormatException();
      }
      return new HostPort(host, port);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw node.invalid(key, "'" + value + "' (expected: host:port, port " + minPort + "..65535)");
    }
  }

  private AgentConfigLoader() {}
}
