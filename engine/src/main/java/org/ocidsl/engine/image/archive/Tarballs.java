package org.ocidsl.engine.image.archive;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.ocidsl.engine.OcidslException;
import org.ocidsl.engine.image.api.BuildListener;
import org.ocidsl.engine.image.api.Format;

/**
 * Existing image archives, used as they are: copied into the cache while hashed, and what they
 * say about their image, docker-save ({@code manifest.json}) or OCI ({@code index.json}), plain
 * or gzip-compressed.
 */
public final class Tarballs {
  private static final long MAX_JSON = 4L << 20;

  private Tarballs() {}

  /** What an archive holds: the image ID, its name (null if none), its layers' diff IDs. */
  public record Inspected(String imageId, String repoTag, Format format, List<String> diffIds) {}

  /**
   * Copies {@code source} to {@code target}, telling {@code listener} the progress against {@code
   * size}; returns the SHA-256 of what was copied.
   */
  public static byte[] copy(Path source, Path target, long size, BuildListener listener)
      throws IOException {
    MessageDigest md = Digests.sha256();
    byte[] buf = new byte[1 << 20];
    LayerWriter.Progress progress = new LayerWriter.Progress(listener, size);
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
        out.write(buf, 0, n);
        progress.add(n);
      }
    }
    return md.digest();
  }

  /** What {@code archive} says of its image; only its small JSON entries are read. */
  public static Inspected inspect(Path archive) throws IOException {
    Map<String, byte[]> json = new HashMap<>();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
      raw.mark(2);
      int b1 = raw.read();
      int b2 = raw.read();
      raw.reset();
      InputStream in = b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(raw) : raw;
      TarArchiveInputStream tar = new TarArchiveInputStream(in);
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isFile() && e.getSize() <= MAX_JSON) {
          String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
          if (name.endsWith(".json") || name.equals("index.json") || name.startsWith("blobs/")) {
            json.put(name, tar.readAllBytes());
          }
        }
      }
    } catch (IOException e) {
      throw new OcidslException("cannot read image archive " + archive + ": " + e.getMessage());
    }
    ObjectMapper mapper = new ObjectMapper();
    try {
      if (json.containsKey("manifest.json")) {
        JsonNode m = mapper.readTree(json.get("manifest.json")).path(0);
        String configName = m.path("Config").asText();
        byte[] config = require(json, configName, archive);
        String repoTag = m.path("RepoTags").path(0).asText(null);
        return new Inspected(
            "sha256:" + Digests.sha256Hex(config), repoTag, Format.DOCKER_ARCHIVE,
            diffIds(mapper.readTree(config)));
      }
      if (json.containsKey("index.json")) {
        JsonNode index = mapper.readTree(json.get("index.json"));
        JsonNode desc = index.path("manifests").path(0);
        String repoTag = desc.path("annotations").path(ImageJson.REF_NAME).asText(null);
        JsonNode manifest = mapper.readTree(require(json, blob(desc), archive));
        if (manifest.has("manifests")) { // a nested index: take its first image
          manifest = mapper.readTree(require(json, blob(manifest.path("manifests").path(0)), archive));
        }
        byte[] config = require(json, blob(manifest.path("config")), archive);
        return new Inspected(
            "sha256:" + Digests.sha256Hex(config), repoTag, Format.OCI_LAYOUT,
            diffIds(mapper.readTree(config)));
      }
    } catch (IOException e) {
      throw new OcidslException("malformed image archive " + archive + ": " + e.getMessage());
    }
    throw new OcidslException(
        "not an image archive (no manifest.json nor index.json): " + archive);
  }

  private static String blob(JsonNode descriptor) {
    String digest = descriptor.path("digest").asText("");
    return "blobs/" + digest.replace(':', '/');
  }

  private static byte[] require(Map<String, byte[]> json, String name, Path archive) {
    byte[] b = json.get(name);
    if (b == null) {
      throw new OcidslException("image archive " + archive + " lacks " + name);
    }
    return b;
  }

  private static List<String> diffIds(JsonNode config) {
    List<String> ids = new ArrayList<>();
    for (JsonNode id : config.path("rootfs").path("diff_ids")) {
      ids.add(id.asText());
    }
    return ids;
  }
}
