package io.meshbridge.bench.proc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) fall: the top frames (self) and
 * every frame counted once per sample (inclusive), optionally only frames whose name contains a
 * filter. {@code jfr print} chokes on some lambda frames; this reads the file with the API.
 *
 * <pre>JfrTop recording.jfr [count] [filter]</pre>
 */
public final class JfrTop {

  /** Prints the top {@code count} (default 30) self and inclusive frames. */
  public static void main(String[] args) throws IOException {
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String filter = args.length > 2 ? args[2] : "";
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace stack = e.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (n.contains(filter) && seen.add(n)) {
          inclusive.merge(n, 1, Integer::sum);
        }
      }
    }
    System.out.println("samples: " + samples);
    print("self", self, count, samples);
    print("inclusive" + (filter.isEmpty() ? "" : " (" + filter + ")"), inclusive, count, samples);
  }

  private static void print(String title, Map<String, Integer> counts, int count, int samples) {
    System.out.println("-- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(count)
        .forEach(
            en ->
                System.out.printf(
                    "%5.1f%% %6d  %s%n",
                    100.0 * en.getValue() / samples, en.getValue(), en.getKey()));
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private JfrTop() {}
}
