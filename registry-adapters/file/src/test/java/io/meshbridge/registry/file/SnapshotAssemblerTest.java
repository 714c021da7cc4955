package io.meshbridge.registry.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.HealthStatus;
import io.meshbridge.model.Locality;
import io.meshbridge.model.Protocol;
import io.meshbridge.model.Service;
import io.meshbridge.model.ServiceKey;
import io.meshbridge.model.ServicePort;
import io.meshbridge.registry.file.ParsedFile.ServiceDefinition;
import io.meshbridge.registry.file.SnapshotAssembler.Contents;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SnapshotAssemblerTest {

  private static final ServiceKey HELLO = ServiceKey.of("default", "hello");

  private static Service hello(int port) {
    return new Service(
        HELLO, List.of(), List.of(new ServicePort("http", port, Protocol.HTTP)), Map.of());
  }

  private static Endpoint endpoint(String address) {
    return new Endpoint(HELLO, address, Map.of(), Map.of(), HealthStatus.HEALTHY,
        Locality.UNKNOWN, 1, "files");
  }

  private static ParsedFile defining(Service service, String origin, Endpoint... endpoints) {
    return new ParsedFile(
        List.of(new ServiceDefinition(service, List.of(endpoints), origin)), List.of());
  }

  @Test
  void firstFileInNameOrderOwnsAServiceAndTheOtherDefinitionIsReported() {
    TreeMap<String, FileState> files = new TreeMap<>();
    files.put("b.yaml", FileState.good(defining(hello(81), "b.yaml:2:5: services[0]",
        endpoint("10.0.0.2"))));
    files.put("a.yaml", FileState.good(defining(hello(80), "a.yaml:2:5: services[0]",
        endpoint("10.0.0.1"))));
    files.put("c.yaml", FileState.good(
        new ParsedFile(List.of(), List.of(endpoint("10.0.0.3")))));

    Contents contents = SnapshotAssembler.assemble(files);

    assertThat(contents.services()).containsExactly(hello(80));
    assertThat(contents.endpoints()).extracting(Endpoint::address)
        .containsExactly("10.0.0.1", "10.0.0.3");
    assertThat(contents.problems()).containsExactly(
        "b.yaml:2:5: services[0]: service default/hello is already defined in a.yaml,"
            + " which comes first in name order; this definition and its endpoints are ignored");
  }

  @Test
  void aBrokenFileServesItsLastGoodContentAndANeverGoodOneNothing() {
    TreeMap<String, FileState> files = new TreeMap<>();
    files.put("hello.yaml", new FileState(defining(hello(80), "hello.yaml:2:5: services[0]"),
        List.of("hello.yaml:3:9: boom")));
    files.put("new.yaml", new FileState(null, List.of("new.yaml:1:1: bang", "new.yaml:2:1: bust")));

    Contents contents = SnapshotAssembler.assemble(files);

    assertThat(contents.services()).containsExactly(hello(80));
    assertThat(contents.problems()).containsExactly(
        "hello.yaml:3:9: boom; serving the last good content of hello.yaml",
        "new.yaml:1:1: bang; nothing from new.yaml is used until it is fixed",
        "new.yaml:2:1: bust; nothing from new.yaml is used until it is fixed");
  }
}
