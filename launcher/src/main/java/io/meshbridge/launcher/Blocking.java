package io.meshbridge.launcher;

import java.util.concurrent.CountDownLatch;

/** Parks the main thread of a long-running role until the JVM shuts down (Ctrl-C, SIGTERM). */
final class Blocking {

  static void untilShutdown() {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "main-release"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Blocking() {}
}
