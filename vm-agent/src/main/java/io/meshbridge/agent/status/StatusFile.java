package io.meshbridge.agent.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code <stateDir>/status.json}: written whole to a temporary file and renamed over the old one,
 * so a reader never sees half a status.
 */
public final class StatusFile {

  public static final String NAME = "status.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path file;
  private final Path tmp;

  public StatusFile(Path stateDir) {
    this.file = stateDir.resolve(NAME);
    this.tmp = stateDir.resolve("." + NAME + ".tmp");
  }

  public Path path() {
    return file;
  }

  /** Replaces the file atomically. */
  public void write(AgentStatus status) {
    try {
      Files.writeString(tmp, JSON.writeValueAsString(status));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The file as a JSON tree.
   *
   * @throws IOException if it does not exist or cannot be read
   */
  public JsonNode read() throws IOException {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
  }
}
