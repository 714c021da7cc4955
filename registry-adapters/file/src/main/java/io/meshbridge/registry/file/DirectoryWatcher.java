package io.meshbridge.registry.file;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one directory with a {@link WatchService} on its own daemon thread and calls {@code
 * onChange} after every batch of events. Events are not filtered by name: the directory is read
 * again whole, which also covers renames from temporary names and {@code OVERFLOW}.
 */
final class DirectoryWatcher implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final Path directory;
  private final WatchService watchService;
  private final Runnable onChange;
  private final Thread thread;

  private DirectoryWatcher(Path directory, String threadName, Runnable onChange)
      throws IOException {
    this.directory = directory;
    this.watchService = directory.getFileSystem().newWatchService();
    this.onChange = onChange;
    try {
      directory.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
    } catch (IOException | RuntimeException e) {
      watchService.close();
      throw e;
    }
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  /** Registers the watch (so no change after this returns is missed) and starts the thread. */
  static DirectoryWatcher start(Path directory, String threadName, Runnable onChange)
      throws IOException {
    DirectoryWatcher watcher = new DirectoryWatcher(directory, threadName, onChange);
    watcher.thread.start();
    return watcher;
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = watchService.take();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        logger.debug("stopped watching {}", directory);
        return;
      }
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == OVERFLOW) {
          logger.info("events lost watching {} (overflow); reading it again whole", directory);
        } else {
          logger.debug("{} {}", event.kind().name(), directory.resolve((Path) event.context()));
        }
      }
      boolean stillWatched = key.reset();
      try {
        onChange.run();
      } catch (RuntimeException e) {
        logger.error("handling a change to {} failed; still watching", directory, e);
      }
      if (!stillWatched) {
        logger.warn("{} can no longer be watched (deleted or unmounted?); stopped watching it",
            directory);
        return;
      }
    }
  }

  /** Stops the thread; idempotent. */
  @Override
  public void close() {
    try {
      watchService.close();
    } catch (IOException e) {
      logger.warn("closing the watch service of {} failed", directory, e);
    }
  }
}
