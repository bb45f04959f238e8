package org.ocidsl.engine.activation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ocidsl.engine.OcidslException;

/**
 * {@code STATE/etc-owned.json}: the files under {@code /etc} that activation installed and still
 * owns, each with the SHA-256 of the content it wrote, so that a later activation can tell its own
 * file from one edited since.
 */
final class OwnedFiles {
  static final String FILE_NAME = "etc-owned.json";
  static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The JSON form. */
  record Json(int format, List<Owned> files) {}

  /** A file by its path relative to {@code /etc}. */
  record Owned(String path, String sha256) {}

  private final Path file;
  private final TreeMap<String, String> owned;
  private String written;

  private OwnedFiles(Path file, TreeMap<String, String> owned, String written) {
    this.file = file;
    this.owned = owned;
    this.written = written;
  }

  static OwnedFiles load(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE_NAME);
    TreeMap<String, String> owned = new TreeMap<>();
    if (!Files.exists(file)) {
      return new OwnedFiles(file, owned, null);
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Json json;
    try {
      json = JSON.readValue(text, Json.class);
    } catch (IOException e) {
      throw new OcidslException("cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (json.format() != FORMAT) {
      throw new OcidslException(file + " has format " + json.format() + ", this ocidsl reads format " + FORMAT);
    }
    if (json.files() != null) {
      json.files().forEach(o -> owned.put(o.path(), o.sha256()));
    }
    return new OwnedFiles(file, owned, text);
  }

  /** The SHA-256 recorded for {@code path}, or null when activation does not own it. */
  String sha256(String path) {
    return owned.get(path);
  }

  Map<String, String> all() {
    return Map.copyOf(owned);
  }

  void own(String path, String sha256) {
    owned.put(path, sha256);
  }

  void release(String path) {
    owned.remove(path);
  }

  /** Writes the file, atomically, when what it says changed. */
  void save() throws IOException {
    if (written == null && owned.isEmpty()) {
      return;
    }
    String text =
        JSON.writeValueAsString(
                new Json(FORMAT, owned.entrySet().stream().map(e -> new Owned(e.getKey(), e.getValue())).toList()))
            + "\n";
    if (text.equals(written)) {
      return;
    }
    HostFiles.replace(file, text.getBytes(StandardCharsets.UTF_8), HostFiles.FILE_MODE);
    written = text;
  }
}
