package io.meshbridge.pilot;

import static java.util.Objects.requireNonNull;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.model.RegistryAdapter.SnapshotListener;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One registry adapter as pilot runs it: started at most once, closed at most once (and only if
 * started), so that the embedding and the Dropwizard lifecycle can both stop it safely.
 */
public final class RegistryHandle {

  private static final int NEW = 0;
  private static final int STARTED = 1;
  private static final int STOPPED = 2;

  private final RegistryAdapter adapter;
  private final SnapshotListener listener;
  private final AtomicInteger state = new AtomicInteger(NEW);

  RegistryHandle(RegistryAdapter adapter, SnapshotListener listener) {
    this.adapter = requireNonNull(adapter, "adapter");
    this.listener = requireNonNull(listener, "listener");
  }

  public String id() {
    return adapter.id();
  }

  /** Starts the adapter, publishing to pilot; does nothing if already started or stopped. */
  public void start() {
    if (state.compareAndSet(NEW, STARTED)) {
      adapter.start(listener);
    }
  }

  /** Closes the adapter if it was started; a handle never started just becomes stopped. */
  public void stop() {
    if (state.getAndSet(STOPPED) == STARTED) {
      adapter.close();
    }
  }
}
