package io.meshbridge.bench.pilot;

import io.meshbridge.model.RegistryAdapter;
import io.meshbridge.pilot.Pilot;
import io.meshbridge.pilot.PilotOptions;
import io.meshbridge.pilot.debounce.DebounceSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The pilot process of the pilot benchmark: an embedded {@link Pilot} fed by a {@link
 * ChurningRegistry}, driven over stdin by {@link PilotLoad}, one command a line:
 *
 * <ul>
 *   <li>{@code churn <perTick> <tickMillis> <seconds>}: churn; prints {@code tick <n>
 *       <epochMicros>} per tick, then {@code churned}
 *   <li>{@code heap}: full GC, then prints {@code heap <usedBytes> <committedBytes>}
 *   <li>{@code quit}: closes pilot and exits (so does end of input)
 * </ul>
 *
 * <p>Prints {@code ready <xdsPort>} once pilot serves. Arguments: {@code services endpoints
 * bindAddress port quietMillis maxDelayMillis}.
 */
public final class PilotUnderTest {

  /** Runs until {@code quit} or end of input. */
  public static void main(String[] args) throws IOException {
    int services = Integer.parseInt(args[0]);
    int endpoints = Integer.parseInt(args[1]);
    ChurningRegistry registry = new ChurningRegistry(services, endpoints);
    PilotOptions options =
        PilotOptions.defaults()
            .withXds(args[2], Integer.parseInt(args[3]))
            .withDebounce(
                new DebounceSettings(
                    Duration.ofMillis(Long.parseLong(args[4])),
                    Duration.ofMillis(Long.parseLong(args[5]))));
    try (Pilot pilot = Pilot.create(options, List.<RegistryAdapter>of(registry))) {
      pilot.start();
      System.out.println("ready " + pilot.xdsPort());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] w = line.trim().split("\\s+");
        switch (w[0]) {
          case "churn" ->
              registry.churn(
                  Integer.parseInt(w[1]),
                  Long.parseLong(w[2]),
                  Long.parseLong(w[3]),
                  tick -> System.out.println("tick " + tick + " " + epochMicros()),
                  () -> System.out.println("churned"));
          case "heap" -> System.out.println(heap());
          case "quit" -> {
            return;
          }
          default -> System.err.println("PilotUnderTest: unknown command '" + line + "'");
        }
      }
    }
  }

  private static String heap() {
    System.gc();
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return "heap " + heap.getUsed() + " " + heap.getCommitted();
  }

  static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
  }

  private PilotUnderTest() {}
}
