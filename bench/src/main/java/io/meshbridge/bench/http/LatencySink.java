package io.meshbridge.bench.http;

import org.HdrHistogram.Histogram;

/**
 * Records the latency of every response whose request was <em>intended</em> to start inside the
 * measured window, measured from that intended start: a stalled server is charged for the requests
 * it kept the generator from sending (coordinated omission corrected, as wrk2 does).
 *
 * <p>Used from the generator's single event loop thread only.
 */
final class LatencySink {

  private final long windowStart;
  private final long windowEnd;
  private final Histogram histogram = new Histogram(60_000_000_000L, 3);
  private long errors;

  LatencySink(long windowStartNanos, long windowEndNanos) {
    this.windowStart = windowStartNanos;
    this.windowEnd = windowEndNanos;
  }

  void response(long intendedNanos, long receivedNanos, int status) {
    if (intendedNanos < windowStart || intendedNanos >= windowEnd) {
      return;
    }
    if (status < 200 || status >= 300) {
      errors++;
      return;
    }
    histogram.recordValue(Math.max(0, receivedNanos - intendedNanos));
  }

  void failure(long intendedNanos) {
    if (intendedNanos >= windowStart && intendedNanos < windowEnd) {
      errors++;
    }
  }

  /**
   * Fails the requests a closed connection was still to send, due from {@code fromNanos} every
   * {@code intervalNanos} until {@code endNanos}, so load that was never offered is counted.
   */
  void unsent(long fromNanos, long intervalNanos, long endNanos) {
    for (long due = fromNanos; due < endNanos; due += intervalNanos) {
      failure(due);
    }
  }

  Histogram histogram() {
    return histogram;
  }

  long errors() {
    return errors;
  }
}
