package io.meshbridge.pilot.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares translated resources with golden JSON files under {@code src/test/resources/golden/}.
 *
 * <p>To regenerate every golden file after an intended change, run {@code mvn -pl pilot verify
 * -Dgolden.update=true} (or with {@code -Dtest=TranslatorGoldenTest}) and review the diff with
 * {@code git diff pilot/src/test/resources/golden}.
 */
final class GoldenFiles {

  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final Path DIR = Path.of("src", "test", "resources", "golden");
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer()
          .usingTypeRegistry(
              TypeRegistry.newBuilder()
                  .add(HttpConnectionManager.getDescriptor())
                  .add(Router.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.listener.original_dst.v3
                      .OriginalDst.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.retry.host.previous_hosts.v3
                      .PreviousHostsPredicate.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.retry.priority.previous_priorities.v3
                      .PreviousPrioritiesConfig.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.http.fault.v3.HTTPFault
                      .getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy
                      .getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.http.local_ratelimit.v3
                      .LocalRateLimit.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions
                      .getDescriptor())
                  .add(com.github.xds.type.v3.TypedStruct.getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy
                      .getDescriptor())
                  .add(io.envoyproxy.envoy.extensions.filters.listener.tls_inspector.v3
                      .TlsInspector.getDescriptor())
                  .add(SecurityTypes.DESCRIPTORS)
                  .build());

  /** Asserts that {@code resources} print as golden file {@code name}.json, or rewrites it. */
  static void assertMatches(String name, XdsResources resources) {
    String actual = render(resources);
    Path file = DIR.resolve(name + ".json");
    try {
      if (UPDATE) {
        Files.createDirectories(DIR);
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        return;
      }
      if (!Files.exists(file)) {
        fail("golden file %s is missing: run with -Dgolden.update=true to create it", file);
      }
      assertThat(actual)
          .as("%s differs; if intended, run with -Dgolden.update=true and review the diff", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }

  static String render(XdsResources r) {
    ObjectNode root = MAPPER.createObjectNode();
    add(root.putArray("listeners"), r.listeners());
    add(root.putArray("routes"), r.routes());
    add(root.putArray("clusters"), r.clusters());
    add(root.putArray("endpoints"), r.endpoints());
    r.problems().forEach(root.putArray("problems")::add);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(ArrayNode array, List<? extends Message> messages) {
    for (Message m : messages) {
      try {
        array.add(MAPPER.readTree(PRINTER.print(m)));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("cannot print " + m.getDescriptorForType(), e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private GoldenFiles() {}
}
