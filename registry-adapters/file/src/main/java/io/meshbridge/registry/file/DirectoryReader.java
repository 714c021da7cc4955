package io.meshbridge.registry.file;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry files of one directory, keeping each file's last good content across reads.
 * Only files whose bytes changed are parsed again. Not thread-safe: one thread calls {@link #scan}.
 */
final class DirectoryReader {

  private static final Logger logger = LoggerFactory.getLogger(DirectoryReader.class);

  private final Path directory;
  private final String source;
  private final Map<String, ReadFile> files = new HashMap<>();

  DirectoryReader(Path directory, String source) {
    this.directory = directory;
    this.source = source;
  }

  /**
   * Whether a file name is a registry file: {@code *.yaml} or {@code *.yml}, not hidden (which
   * also leaves out editor files such as {@code .#hello.yaml} and {@code .hello.yaml.swp}).
   */
  static boolean isRegistryFileName(String name) {
    return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /**
   * Reads every registry file directly in the directory, by file name in lexical order. A file
   * that is gone is forgotten; one that fails keeps its last good content.
   *
   * @throws IOException if the directory itself cannot be listed
   */
  SortedMap<String, FileState> scan() throws IOException {
    SortedMap<String, FileState> states = new TreeMap<>();
    Map<String, ReadFile> read = new HashMap<>();
    try (DirectoryStream<Path> entries =
        Files.newDirectoryStream(
            directory,
            p -> isRegistryFileName(p.getFileName().toString()) && Files.isRegularFile(p))) {
      for (Path path : entries) {
        String name = path.getFileName().toString();
        ReadFile file = read(path, name, files.get(name));
        if (file != null) {
          read.put(name, file);
          states.put(name, file.state());
        }
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
    files.clear();
    files.putAll(read);
    return states;
  }

  /** Returns null when the file was deleted after it was listed. */
  private @Nullable ReadFile read(Path path, String name, @Nullable ReadFile previous) {
    @Nullable ParsedFile lastGood = previous == null ? null : previous.state().lastGood();
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      logger.warn("file registry {}: cannot read {}", source, path, e);
      return new ReadFile(
          null, new FileState(lastGood, List.of(name + ": cannot be read (" + e + ")")));
    }
    if (previous != null && Arrays.equals(previous.content(), content)) {
      return previous;
    }
    try {
      return new ReadFile(content, FileState.good(RegistryFileParser.parse(name, content, source)));
    } catch (InvalidFileException e) {
      return new ReadFile(content, new FileState(lastGood, e.problems()));
    }
  }

  /** A file's bytes as last read (null if they could not be read) and what they gave. */
  private record ReadFile(byte @Nullable [] content, FileState state) {}
}
