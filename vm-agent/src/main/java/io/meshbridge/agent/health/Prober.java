package io.meshbridge.agent.health;

import io.meshbridge.agent.config.HealthCheckConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one probe, blocking the calling thread (the health checker's own) for at most the timeout.
 * Never throws: every failure is a failed {@link ProbeResult} saying why.
 */
public interface Prober {

  ProbeResult probe(Duration timeout);

  /** The prober for a configured probe. */
  static Prober of(HealthCheckConfig.Probe probe) {
    if (probe instanceof HealthCheckConfig.Http http) {
      return new HttpProber(http);
    }
    if (probe instanceof HealthCheckConfig.Tcp tcp) {
      return timeout -> tcp(tcp, timeout);
    }
    HealthCheckConfig.Command command = (HealthCheckConfig.Command) probe;
    return timeout -> command(command, timeout);
  }

  private static ProbeResult tcp(HealthCheckConfig.Tcp tcp, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), (int) timeout.toMillis());
      return ProbeResult.pass("connected");
    } catch (IOException e) {
      return ProbeResult.fail("tcp " + tcp.host() + ":" + tcp.port() + ": " + e.getMessage());
    }
  }

  private static ProbeResult command(HealthCheckConfig.Command command, Duration timeout) {
    Process process;
    try {
      process =
          new ProcessBuilder(command.argv())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      return ProbeResult.fail("command " + command.argv().get(0) + ": " + e.getMessage());
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return ProbeResult.fail("command timed out after " + timeout.toMillis() + " ms");
      }
      int code = process.exitValue();
      return code == 0 ? ProbeResult.pass("exit 0") : ProbeResult.fail("exit " + code);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return ProbeResult.fail("interrupted");
    }
  }

  /** {@code GET}: 2xx and 3xx pass (redirects are not followed), as Kubernetes' httpGet. */
  final class HttpProber implements Prober {
    private final HttpClient client =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI uri;

    HttpProber(HealthCheckConfig.Http http) {
      String host = http.host().indexOf(':') >= 0 ? "[" + http.host() + "]" : http.host();
      this.uri = URI.create("http://" + host + ":" + http.port() + http.path());
    }

    @Override
    public ProbeResult probe(Duration timeout) {
      HttpRequest request =
          HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "meshbridge-agent")
              .GET().build();
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        String detail = "HTTP " + status;
        return status >= 200 && status < 400 ? ProbeResult.pass(detail) : ProbeResult.fail(detail);
      } catch (HttpTimeoutException e) {
        return ProbeResult.fail(uri + ": no answer in " + timeout.toMillis() + " ms");
      } catch (IOException e) {
        return ProbeResult.fail(uri + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ProbeResult.fail("interrupted");
      }
    }
  }
}
