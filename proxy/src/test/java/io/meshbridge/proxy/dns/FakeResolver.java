package io.meshbridge.proxy.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DnsResolver} that answers from a table the test changes: no real DNS. A host without
 * an entry fails as unknown; {@link #fail} makes a host fail as a timed-out server would.
 */
final class FakeResolver implements DnsResolver {

  private final Map<String, List<InetAddress>> answers = new ConcurrentHashMap<>();
  private final Map<String, Boolean> failing = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  /** From now on {@code host} resolves to {@code addresses} (IP literals). */
  FakeResolver answer(String host, String... addresses) {
    List<InetAddress> parsed =
        java.util.Arrays.stream(addresses).map(FakeResolver::literal).toList();
    answers.put(host, parsed);
    failing.remove(host);
    return this;
  }

  /** From now on resolving {@code host} fails. */
  void fail(String host) {
    failing.put(host, true);
  }

  /** How many lookups were asked for so far. */
  int lookups() {
    return lookups.get();
  }

  @Override
  public CompletableFuture<List<InetAddress>> resolve(String host) {
    lookups.incrementAndGet();
    List<InetAddress> answer = answers.get(host);
    if (failing.containsKey(host) || answer == null) {
      return CompletableFuture.failedFuture(new UnknownHostException(host + ": test failure"));
    }
    return CompletableFuture.completedFuture(answer);
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip); // an IP literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }
}
