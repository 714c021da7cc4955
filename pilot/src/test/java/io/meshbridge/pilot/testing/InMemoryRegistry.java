package io.meshbridge.pilot.testing;

import io.meshbridge.model.Endpoint;
import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.RegistrySnapshot;
import io.meshbridge.model.Service;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A registry adapter the test feeds by hand. Instances are findable by id, so that tests reach
 * the ones Dropwizard built from configuration ({@code type: memory}).
 */
public final class InMemoryRegistry implements RegistryAdapter {

  private static final Map<String, InMemoryRegistry> BY_ID = new ConcurrentHashMap<>();

  private final String id;
  private final AtomicLong version = new AtomicLong();
  private final AtomicReference<@Nullable SnapshotListener> listener = new AtomicReference<>();
  private volatile boolean closed;

  public InMemoryRegistry(String id) {
    this.id = id;
    BY_ID.put(id, this);
  }

  /** The latest instance built with this id. */
  public static InMemoryRegistry byId(String id) {
    InMemoryRegistry r = BY_ID.get(id);
    if (r == null) {
      throw new IllegalArgumentException("no in-memory registry '" + id + "'");
    }
    return r;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void start(SnapshotListener snapshotListener) {
    listener.set(snapshotListener);
  }

  /** Publishes a complete snapshot, as an adapter does from its own thread. */
  public void publish(List<Service> services, List<Endpoint> endpoints) {
    publish(new RegistrySnapshot(id, version.incrementAndGet(), services, endpoints, false, List.of()));
  }

  public void publish(RegistrySnapshot snapshot) {
    SnapshotListener l = listener.get();
    if (l == null) {
      throw new IllegalStateException("registry '" + id + "' is not started");
    }
    l.onSnapshot(snapshot);
  }

  public long version() {
    return version.get();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    listener.set(null);
  }
}
