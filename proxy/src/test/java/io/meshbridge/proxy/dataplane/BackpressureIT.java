package io.meshbridge.proxy.dataplane;

import static io.meshbridge.proxy.testing.TestConfigs.config;
import static io.meshbridge.proxy.testing.TestConfigs.endpoint;
import static io.meshbridge.proxy.testing.TestConfigs.prefix;
import static io.meshbridge.proxy.testing.TestConfigs.vhost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshbridge.proxy.testing.Backend;
import io.meshbridge.proxy.testing.LeakCheck;
import io.meshbridge.proxy.testing.ProxyFixture;
import io.meshbridge.proxy.testing.RawConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A side that stops reading stalls the other side instead of making the proxy buffer: with 128 MiB
 * in flight, far less than that moves while the reader is stopped (only socket buffers fill).
 */
@ExtendWith(LeakCheck.class)
class BackpressureIT {

  private static final long SIZE = 128L * 1024 * 1024;
  private static final long STALLED_BELOW = SIZE / 2;

  private final Backend backend = Backend.start("svc");
  private final ProxyFixture fixture = new ProxyFixture();
  private int port;

  @BeforeEach
  void start() {
    fixture.apply(
        config()
            .listener("in", 0, "rt")
            .routes("rt", vhost("svc", List.of("*"), prefix("/", "svc")))
            .cluster("svc", endpoint("127.0.0.1", backend.port()))
            .build());
    port = fixture.port("in");
  }

  @AfterEach
  void stop() {
    backend.close();
    fixture.close();
  }

  @Test
  void aSlowClientStallsTheBackend() {
    try (RawConnection client = new RawConnection(port)) {
      client.send("GET /sized?n=" + SIZE + " HTTP/1.1\r\nHost: svc.mesh\r\n\r\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.bytesWritten() > 0);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> backend.bytesWritten() < STALLED_BELOW);

      assertThat(client.readHead()).startsWith("HTTP/1.1 200 OK");
      assertThat(client.skip(SIZE)).isEqualTo(SIZE);
    }
  }

  @Test
  void aSlowBackendStallsTheClient() throws Exception {
    try (RawConnection client = new RawConnection(port)) {
      client.send(
          "POST /gated-echo HTTP/1.1\r\nHost: svc.mesh\r\nContent-Length: " + SIZE + "\r\n\r\n");
      AtomicLong sent = new AtomicLong();
      CompletableFuture<Void> upload =
          CompletableFuture.runAsync(() -> write(client.output(), sent));
      await().atMost(Duration.ofSeconds(10)).until(() -> backend.slowArrived() == 1);
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> sent.get() < STALLED_BELOW);

      backend.release();
      upload.get(30, TimeUnit.SECONDS);
      assertThat(client.read()).startsWith("HTTP/1.1 200 OK").contains("svc:" + SIZE + ":");
    }
  }

  private static void write(OutputStream out, AtomicLong sent) {
    byte[] chunk = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
    try {
      for (long left = SIZE; left > 0; left -= chunk.length) {
        int len = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, len);
        sent.addAndGet(len);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
