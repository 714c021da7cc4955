package io.meshbridge.pilot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.meshbridge.pilot.PilotOptions;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** {@code xds:} whether and where the plaintext xDS gRPC server listens. */
public final class XdsFactory {

  @JsonProperty @NotEmpty private String bindAddress = PilotOptions.DEFAULT_XDS_BIND_ADDRESS;

  @JsonProperty
  @Min(0)
  @Max(65535)
  private int port = PilotOptions.DEFAULT_XDS_PORT;

  @JsonProperty
  @NotNull
  @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
  private Duration shutdownGracePeriod = Duration.seconds(1);

  /** Off by default: xDS is then served only on the CA's TLS port, to mesh certificates. */
  @JsonProperty private boolean plaintext;

  public boolean plaintext() {
    return plaintext;
  }

  public String bindAddress() {
    return bindAddress;
  }

  public int port() {
    return port;
  }

  public java.time.Duration shutdownGracePeriod() {
    return shutdownGracePeriod.toJavaDuration();
  }
}
