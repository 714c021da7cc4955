package io.meshbridge.registry.kubernetes;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** A cluster source the test drives: it delivers objects and says which watches are down. */
final class FakeClusterSource implements ClusterSource {

  static final Set<String> WATCHES = Set.of("services", "endpointslices", "pods", "nodes");

  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private volatile @Nullable Sink sink;
  volatile boolean closed;

  @Override
  public Set<String> watches() {
    return WATCHES;
  }

  @Override
  public void start(Sink newSink) {
    sink = newSink;
    down.addAll(WATCHES);
  }

  Sink sink() {
    Sink s = sink;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s;
  }

  /** Every watch lists (with what was upserted before) and connects. */
  void listAll() {
    WATCHES.forEach(w -> sink().listed(w));
    down.clear();
  }

  void disconnect(String... watches) {
    down.addAll(Set.of(watches));
  }

  void reconnect() {
    down.clear();
  }

  @Override
  public Set<String> notWatching() {
    return Set.copyOf(down);
  }

  @Override
  public void close() {
    closed = true;
  }
}
