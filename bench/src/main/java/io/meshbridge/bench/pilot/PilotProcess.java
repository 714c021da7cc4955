package io.meshbridge.bench.pilot;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link PilotUnderTest} in a child JVM on this classpath, so its CPU, heap and RSS are its own.
 * Destroyed on {@link #close} (and by a shutdown hook, should the harness die).
 */
final class PilotProcess implements AutoCloseable {

  private final Process process;
  private final PrintWriter commands;
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private final CompletableFuture<Void> churned = new CompletableFuture<>();
  private final BlockingQueue<String> heapLines = new LinkedBlockingQueue<>();

  PilotProcess(List<String> jvmFlags, List<String> args, Path stderr, Convergence convergence) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(PilotUnderTest.class.getName());
    command.addAll(args);
    try {
      process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + command, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> read(convergence), "pilot-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  long pid() {
    return process.pid();
  }

  /** The xDS port once pilot serves. */
  CompletableFuture<Integer> ready() {
    return ready;
  }

  CompletableFuture<Void> churn(int perTick, long tickMillis, long seconds) {
    commands.println("churn " + perTick + " " + tickMillis + " " + seconds);
    return churned;
  }

  /** Live heap after a full GC, in bytes. */
  long liveHeapBytes() throws InterruptedException {
    commands.println("heap");
    String line = heapLines.poll(60, TimeUnit.SECONDS);
    if (line == null) {
      throw new IllegalStateException("pilot did not answer 'heap' within 60 s");
    }
    return Long.parseLong(line.split(" ")[1]);
  }

  private void read(Convergence convergence) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] w = line.split(" ");
        switch (w[0]) {
          case "ready" -> ready.complete(Integer.parseInt(w[1]));
          case "tick" -> convergence.published(Long.parseLong(w[1]), Long.parseLong(w[2]));
          case "churned" -> churned.complete(null);
          case "heap" -> heapLines.add(line);
          default -> System.err.println("pilot: " + line);
        }
      }
    } catch (IOException e) {
      System.err.println("reading pilot's output: " + e);
    }
    IllegalStateException gone =
        new IllegalStateException(
            "pilot's output ended ("
                + (process.isAlive() ? "still running" : "exit " + process.exitValue())
                + ")");
    ready.completeExceptionally(gone);
    churned.completeExceptionally(gone);
  }

  @Override
  public void close() {
    commands.println("quit");
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

}
