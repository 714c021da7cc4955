package io.meshbridge.eureka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EurekaServerExtensionIT {

  @RegisterExtension static final EurekaServerExtension eureka = new EurekaServerExtension();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void servesTheRegistryThenStopsAndRestartsOnTheSamePort() throws Exception {
    assertThat(eureka.serviceUrl().toString())
        .isEqualTo("http://127.0.0.1:" + eureka.port() + "/eureka/");
    assertThat(apps()).contains("\"applications\"");

    int port = eureka.port();
    eureka.stop();
    assertThat(eureka.isRunning()).isFalse();
    assertThatThrownBy(this::apps).isInstanceOf(ConnectException.class);

    eureka.start();
    assertThat(eureka.port()).isEqualTo(port);
    assertThat(apps()).contains("\"applications\"");
  }

  private String apps() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(eureka.serviceUrl().resolve("apps"))
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(5))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
