package io.meshbridge.e2e;

import java.util.ArrayList;
import java.util.List;

/** What a test started, closed in reverse order when the test ends. */
final class Started implements AutoCloseable {

  private final List<AutoCloseable> running = new ArrayList<>();

  <T extends AutoCloseable> T add(T resource) {
    running.add(resource);
    return resource;
  }

  /** Closes everything, even when one fails; the first failure is thrown, the rest suppressed. */
  @Override
  public void close() {
    IllegalStateException failure = null;
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (failure == null) {
          failure = new IllegalStateException("closing " + running.get(i), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    running.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
