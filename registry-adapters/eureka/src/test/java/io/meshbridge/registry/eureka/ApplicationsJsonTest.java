package io.meshbridge.registry.eureka;

import static io.meshbridge.registry.eureka.Payloads.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshbridge.registry.eureka.ApplicationsJson.Applications;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationsJsonTest {

  @Test
  void readsApplicationsAsTheServerWritesThem() {
    Applications apps =
        ApplicationsJson.parse(
            Payloads.applications(
                "UP_2_",
                List.of(
                    instance("ORDERS", "o-1", "10.0.0.1", 8080),
                    Payloads.withAction(instance("orders", "o-2", "10.0.0.2", 8080), "ADDED"))));

    assertThat(apps.appsHashCode()).isEqualTo("UP_2_");
    assertThat(apps.instances())
        .extracting(
            InstanceRecord::app,
            InstanceRecord::id,
            InstanceRecord::status,
            InstanceRecord::actionType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ORDERS", "o-1", "UP", null),
            org.assertj.core.groups.Tuple.tuple("ORDERS", "o-2", "UP", "ADDED"));
  }

  @Test
  void readsListsOfOneWrittenAsBareObjectsAndAnEmptyRegistry() {
    String bare =
        "{\"applications\": {\"apps__hashcode\": \"DOWN_1_\", \"application\":"
            + " {\"name\": \"A\", \"instance\": {\"instanceId\": \"a-1\", \"status\": \"DOWN\"}}}}";
    assertThat(ApplicationsJson.parse(bare).instances())
        .extracting(InstanceRecord::describe)
        .containsExactly("app A instance a-1");

    Applications empty =
        ApplicationsJson.parse(
            "{\"applications\":{\"versions__delta\":\"1\",\"apps__hashcode\":\"\",\"application\":[]}}");
    assertThat(empty.instances()).isEmpty();
    assertThat(empty.appsHashCode()).isEmpty();
  }

  @Test
  void anInstanceWithoutIdFallsBackToItsHostName() {
    String json =
        "{\"applications\": {\"application\": [{\"name\": \"A\", \"instance\":"
            + " [{\"hostName\": \"h1\", \"status\": \"UP\"}, {\"status\": \"UP\"}]}]}}";
    assertThat(ApplicationsJson.parse(json).instances())
        .extracting(InstanceRecord::id)
        .containsExactly("h1", "<no instanceId #1>");
  }

  @Test
  void aBodyThatIsNoApplicationsDocumentIsRejectedSayingWhat() {
    assertThatThrownBy(() -> ApplicationsJson.parse("<html>502</html>"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not JSON: ");
    assertThatThrownBy(() -> ApplicationsJson.parse("{\"application\": []}"))
        .hasMessage(
            "applications: missing (expected: {\"applications\": {...}}, got"
                + " '{\"application\": []}')");
    assertThatThrownBy(() -> ApplicationsJson.parse(""))
        .hasMessageStartingWith("applications: missing");
  }
}
