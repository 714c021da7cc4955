package io.meshbridge.bench.pilot;

import java.lang.management.ManagementFactory;

/**
 * {@link PublishBenchmark}'s push measured in this thread's CPU time and allocated bytes instead of
 * wall time: on a machine shared with busy builds (load averages of 20 and more on 2 cores) wall
 * time measures the scheduler, CPU time and allocation still measure the code. Put an older
 * pilot jar on the classpath to compare (BENCHMARKS.md, "Pilot").
 *
 * <pre>PublishCpu [changedPerPush (100)] [pushes (100)]</pre>
 */
public final class PublishCpu {

  private PublishCpu() {}

  public static void main(String[] args) {
    int changed = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int pushes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    PublishBenchmark push = new PublishBenchmark();
    push.services = 1000;
    push.endpointsPerService = 10;
    push.changedPerPush = changed;
    push.setUp();
    for (int i = 0; i < 60; i++) {
      push.publish(); // warm-up: JIT
    }
    long bytes = threads.getCurrentThreadAllocatedBytes();
    long cpu = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < pushes; i++) {
      push.publish();
    }
    System.out.printf(
        "changed=%d cpu_ms_per_publish=%.1f alloc_mb_per_publish=%.1f%n",
        changed,
        (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / pushes,
        (threads.getCurrentThreadAllocatedBytes() - bytes) / 1e6 / pushes);
  }
}
