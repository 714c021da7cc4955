package io.meshbridge.agent.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code nameserver} lines of a resolv.conf, as addresses on port 53. */
final class ResolvConf {

  static List<InetSocketAddress> nameservers(Path file) throws IOException {
    List<InetSocketAddress> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 2 && words[0].equals("nameserver")) {
        String host = words[1];
        int zone = host.indexOf('%');
        out.add(new InetSocketAddress(zone > 0 ? host.substring(0, zone) : host, 53));
      }
    }
    return out;
  }

  private ResolvConf() {}
}
