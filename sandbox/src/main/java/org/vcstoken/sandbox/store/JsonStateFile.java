package org.vcstoken.sandbox.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON file a flavor keeps its state in ({@code state.json}, {@code gitlab-state.json},
 * {@code forge-state.json}): read whole at start, rewritten atomically after every change.
 * A user may edit it by hand, so one that cannot be read is refused, never overwritten.
 *
 * @param <T> the file format, a record Jackson reads and writes without annotations
 */
public final class JsonStateFile<T> {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path path;
  private final Class<T> format;

  public JsonStateFile(Path path, Class<T> format) {
    this.path = Objects.requireNonNull(path, "path");
    this.format = Objects.requireNonNull(format, "format");
  }

  public Path path() {
    return path;
  }

  /**
   * The file's contents, or empty when there is no file yet.
   *
   * @throws IOException naming the file and what to do when it exists but cannot be read
   */
  public Optional<T> read() throws IOException {
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(path.toFile(), format));
    } catch (IOException e) {
      // Never overwrite a state file we cannot read: the user may want to repair it.
      throw new IOException("cannot read " + path + " (" + e.getMessage()
          + "); fix or remove it, or start with another --data directory", e);
    }
  }

  /** Replaces the file atomically ({@link Store#writeAtomically}): a reader sees the old or the new state. */
  public void write(T state) {
    try {
      Store.writeAtomically(path, JSON.writeValueAsBytes(state));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
