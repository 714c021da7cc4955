package io.meshbridge.agent.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's view of its proxy through the proxy's own admin endpoint on loopback ({@code
 * /stats/prometheus} for {@code xds_connected}, {@code /config_dump} for the accepted LDS and CDS
 * versions): the proxy's public API exposes only readiness. Blocking; called from the agent's
 * status thread.
 */
public final class AdminView {

  private static final Logger logger = LoggerFactory.getLogger(AdminView.class);
  private static final Pattern CONNECTED =
      Pattern.compile("(?m)^xds_connected(?:\\{[^}]*})? ([0-9.eE+-]+)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI base;

  public AdminView(String host, int port) {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    this.base = URI.create("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : h) + ":" + port);
  }

  /** What the admin endpoint says now; on an error, "not connected" and no versions. */
  public Snapshot read() {
    try {
      String stats = get("/stats/prometheus");
      Matcher m = CONNECTED.matcher(stats);
      boolean connected = m.find() && Double.parseDouble(m.group(1)) >= 1;
      JsonNode dump = JSON.readTree(get("/config_dump"));
      return new Snapshot(connected, version(dump, "ListenersConfigDump"),
          version(dump, "ClustersConfigDump"));
    } catch (IOException e) {
      logger.debug("proxy admin at {} did not answer", base, e);
      return new Snapshot(false, "", "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Snapshot(false, "", "");
    }
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(2)).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(path + ": HTTP " + response.statusCode());
    }
    return response.body();
  }

  private static String version(JsonNode dump, String type) {
    for (JsonNode config : dump.path("configs")) {
      if (config.path("@type").asText().endsWith("." + type)) {
        JsonNode v = config.has("version_info") ? config.get("version_info") : config.path("versionInfo");
        return v.asText("");
      }
    }
    return "";
  }

  /** The pilot connection and the accepted versions. */
  public record Snapshot(boolean connected, String listenersVersion, String clustersVersion) {}
}
