package org.ocidsl.engine.image.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A small tar read into memory, entries in archive order, for assertions. */
public final class ArchiveContents {
  public final Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
  private final Map<String, byte[]> contents = new LinkedHashMap<>();

  public static ArchiveContents of(Path tar) throws IOException {
    try (InputStream in = Files.newInputStream(tar)) {
      return of(in);
    }
  }

  public static ArchiveContents of(byte[] tar) throws IOException {
    return of(new ByteArrayInputStream(tar));
  }

  private static ArchiveContents of(InputStream in) throws IOException {
    ArchiveContents a = new ArchiveContents();
    TarArchiveInputStream t = new TarArchiveInputStream(in);
    TarArchiveEntry e;
    while ((e = t.getNextEntry()) != null) {
      a.entries.put(e.getName(), e);
      a.contents.put(e.getName(), t.readAllBytes());
    }
    return a;
  }

  public List<String> names() {
    return new ArrayList<>(entries.keySet());
  }

  public byte[] bytes(String name) {
    byte[] b = contents.get(name);
    if (b == null) {
      throw new AssertionError("no entry " + name + " in " + names());
    }
    return b;
  }

  public JsonNode json(String name) throws IOException {
    return new ObjectMapper().readTree(bytes(name));
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The layers of a docker archive, base first, from its manifest. */
  public List<ArchiveContents> dockerLayers() throws IOException {
    List<ArchiveContents> layers = new ArrayList<>();
    for (JsonNode l : json("manifest.json").path(0).path("Layers")) {
      layers.add(of(bytes(l.asText())));
    }
    return layers;
  }
}
