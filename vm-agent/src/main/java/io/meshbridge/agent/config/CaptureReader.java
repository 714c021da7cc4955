package io.meshbridge.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Reads {@code capture:}; checks that what is captured lands on a listener. */
final class CaptureReader {

  static @Nullable CaptureConfig read(
      @Nullable ConfigNode c, ProxySettings proxy, List<Upstream> upstreams) {
    if (c == null) {
      return null;
    }
    c.only("enabled", "mode", "excludePorts", "excludeUids");
    if (!c.bool("enabled", true)) {
      return null;
    }
    CaptureConfig.Mode mode = switch (c.string("mode", "redirect")) {
      case "redirect" -> CaptureConfig.Mode.REDIRECT;
      case "tproxy" -> CaptureConfig.Mode.TPROXY;
      default -> throw c.invalid("mode", "'" + c.string("mode", "") + "' (expected: redirect or"
          + " tproxy)");
    };
    List<Integer> uids = c.has("excludeUids")
        ? c.ints("excludeUids", 0, Integer.MAX_VALUE)
        : List.of(ownUid());
    if (mode == CaptureConfig.Mode.TPROXY) {
      // Every outbound connection goes to pilot's virtualOutbound listener (0.0.0.0:15001).
      return new CaptureConfig(c.ints("excludePorts", 1, 65535), uids, mode);
    }
    if (!proxy.bindAddress().equals("127.0.0.1")) {
      throw c.invalid("", "needs proxy.bindAddress 127.0.0.1 (REDIRECT sends to 127.0.0.1), not "
          + proxy.bindAddress());
    }
    if (upstreams.isEmpty()) {
      throw c.invalid("", "no upstreams (expected: the upstreams whose ports are captured)");
    }
    return new CaptureConfig(c.ints("excludePorts", 1, 65535), uids, mode);
  }

  /** This process's real uid, from /proc (Linux, where capture runs). */
  private static int ownUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new AgentConfigException("capture.excludeUids: not set, and this process's uid cannot"
          + " be read from /proc/self/status (" + e.getMessage() + "); set it");
    }
    throw new AgentConfigException("capture.excludeUids: not set, and /proc/self/status has no"
        + " Uid line; set it");
  }

  private CaptureReader() {}
}
