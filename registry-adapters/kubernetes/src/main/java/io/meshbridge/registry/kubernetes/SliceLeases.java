package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The lease a registrar keeps on its EndpointSlice, since Kubernetes has none for slices: two
 * annotations, renewed by the registrar every third of the duration, and read by the registry,
 * which leaves a slice whose lease ran out out of the model (a VM that crashed without
 * deregistering stops getting traffic one lease duration later). Slices without the annotations
 * (Kubernetes' own, other tools', older registrars') never expire. Pure.
 */
final class SliceLeases {

  /** When the registrar last renewed, as an RFC 3339 instant (like a Lease's renewTime). */
  static final String RENEW_TIME = "meshbridge.io/lease-renew-time";

  /** How long after the last renewal the slice counts, in whole seconds. */
  static final String DURATION_SECONDS = "meshbridge.io/lease-duration-seconds";

  private SliceLeases() {}

  /** The annotations for a lease renewed at {@code renewed} for {@code duration}. */
  static Map<String, String> annotations(Instant renewed, Duration duration) {
    return Map.of(
        RENEW_TIME, renewed.toString(), DURATION_SECONDS, Long.toString(duration.toSeconds()));
  }

  /** What the registry makes of a slice's lease. */
  sealed interface Lease {}

  /** No lease annotations: the slice never expires. */
  record None() implements Lease {}

  /** A readable lease, running until {@code expiry}. */
  record Until(Instant expiry) implements Lease {}

  /** Lease annotations that cannot be read; the slice is left out, as its owner cannot be known. */
  record Unreadable(String problem) implements Lease {}

  static Lease read(EndpointSlice slice) {
    Map<String, String> annotations = slice.getMetadata().getAnnotations();
    String renewed = annotations == null ? null : annotations.get(RENEW_TIME);
    String seconds = annotations == null ? null : annotations.get(DURATION_SECONDS);
    if (renewed == null && seconds == null) {
      return new None();
    }
    String where =
        "endpointslice " + ClusterState.key(slice.getMetadata()) + ": metadata.annotations.";
    if (renewed == null || seconds == null) {
      return new Unreadable(
          where + (renewed == null ? RENEW_TIME : DURATION_SECONDS)
              + ": missing (expected: both lease annotations or neither); left out");
    }
    Instant at;
    try {
      at = Instant.parse(renewed);
    } catch (DateTimeParseException e) {
      return new Unreadable(
          where + RENEW_TIME + ": '" + renewed + "' (expected: an RFC 3339 instant); left out");
    }
    long duration;
    try {
      duration = Long.parseLong(seconds);
    } catch (NumberFormatException e) {
      duration = -1;
    }
    if (duration < 1) {
      return new Unreadable(
          where + DURATION_SECONDS + ": '" + seconds
              + "' (expected: whole seconds >= 1); left out");
    }
    return new Until(at.plusSeconds(duration));
  }

  /** The problem naming an expired slice, or null if {@code lease} still runs at {@code now}. */
  static @Nullable String expired(EndpointSlice slice, Lease lease, Instant now) {
    if (lease instanceof Unreadable u) {
      return u.problem();
    }
    if (lease instanceof Until until && !now.isBefore(until.expiry())) {
      return "endpointslice " + ClusterState.key(slice.getMetadata()) + ": lease expired at "
          + until.expiry() + " (its registrar stopped renewing); left out";
    }
    return null;
  }

  /** The earliest expiry after {@code now} among {@code slices}, or null if none is pending. */
  static @Nullable Instant nextExpiry(Iterable<EndpointSlice> slices, Instant now) {
    Instant next = null;
    for (EndpointSlice slice : slices) {
      if (read(slice) instanceof Until until
          && now.isBefore(until.expiry())
          && (next == null || until.expiry().isBefore(next))) {
        next = until.expiry();
      }
    }
    return next;
  }
}
