package io.meshbridge.pilot.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rotation of the self-signed root, kept in the CA's directory so that a restart mid-overlap
 * keeps it: the old root moves to {@code previous-root-cert.pem} / {@code previous-root-key.pem},
 * {@code root-rotation} holds the instant the overlap ends (ISO-8601), and a new root takes
 * {@code root-cert.pem} / {@code root-key.pem}. Once the overlap has ended the previous files and
 * {@code root-rotation} are deleted.
 *
 * <p>Order of writes: previous files, then {@code root-rotation}, then the new root. A crash
 * before the new root is written leaves the previous root equal to the current one, which {@link
 * #open} notices and completes.
 */
final class RootRotation {

  private static final Logger logger = LoggerFactory.getLogger(RootRotation.class);

  static final String PREVIOUS_CERT = "previous-root-cert.pem";
  static final String PREVIOUS_KEY = "previous-root-key.pem";
  static final String STATE = "root-rotation";

  /** Starts a rotation: the current root becomes the previous one until {@code overlapEnds}. */
  static CaTrust start(Path directory, String trustDomain, Clock clock, Instant overlapEnds) {
    try {
      copy(directory.resolve(CaStore.ROOT_KEY), directory.resolve(PREVIOUS_KEY));
      copy(directory.resolve(CaStore.ROOT_CERT), directory.resolve(PREVIOUS_CERT));
      AtomicFiles.write(
          directory.resolve(STATE), (overlapEnds + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new CaConfigException("ca.directory: cannot start a root rotation: " + e, e);
    }
    CaStore.create(directory, trustDomain, clock);
    logger.warn("root rotation started: a new root signs from now on; the previous one is trusted until {}",
        overlapEnds);
    return open(directory, trustDomain, clock);
  }

  /**
   * Reads the self-signed root and, during a rotation, the previous root; completes a rotation
   * that a crash interrupted and ends one whose overlap is over.
   */
  static CaTrust open(Path directory, String trustDomain, Clock clock) {
    SigningAuthority current = CaStore.selfSigned(directory, trustDomain, clock);
    Path state = directory.resolve(STATE);
    if (!Files.exists(state)) {
      return CaTrust.of(current);
    }
    Instant ends = overlapEnds(state);
    SigningAuthority previous =
        CaStore.read(directory.resolve(PREVIOUS_CERT), directory.resolve(PREVIOUS_KEY));
    if (previous.signingCertificate().equals(current.signingCertificate())) {
      logger.warn("completing a root rotation that was interrupted before its new root was written");
      CaStore.create(directory, trustDomain, clock);
      current = CaStore.selfSigned(directory, trustDomain, clock);
    }
    if (!clock.instant().isBefore(ends)) {
      finish(directory);
      return CaTrust.of(current);
    }
    return new CaTrust(current, previous, ends);
  }

  /** Ends the overlap: the previous root is no longer trusted, its files are deleted. */
  static void finish(Path directory) {
    try {
      Files.deleteIfExists(directory.resolve(STATE)); // first: the rotation is over even if a delete below fails
      Files.deleteIfExists(directory.resolve(PREVIOUS_KEY));
      Files.deleteIfExists(directory.resolve(PREVIOUS_CERT));
    } catch (IOException e) {
      throw new CaConfigException("ca.directory: cannot end the root rotation: " + e, e);
    }
    logger.warn("root rotation finished: the previous root is no longer trusted");
  }

  private static Instant overlapEnds(Path state) {
    try {
      return Instant.parse(Files.readString(state, StandardCharsets.US_ASCII).trim());
    } catch (IOException | DateTimeParseException e) {
      throw new CaConfigException(state + ": cannot read the end of the root overlap: " + e, e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    AtomicFiles.write(to, Files.readAllBytes(from));
  }

  private RootRotation() {}
}
