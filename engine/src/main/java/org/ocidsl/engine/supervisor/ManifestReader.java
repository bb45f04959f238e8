package org.ocidsl.engine.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ocidsl.engine.generation.SystemManifest;

/**
 * Reads the services of a generation's {@code system.json} ({@link SystemManifest}) with {@link
 * Json}, so that the supervisor starts its services without first loading Jackson. Fields it does
 * not know are ignored, as {@link SystemManifest#read} ignores them.
 */
final class ManifestReader {
  private ManifestReader() {}

  /** The services of the generation in {@code directory}, in the manifest's order. */
  static List<ServiceSpec> services(Path directory) throws IOException {
    Path file = directory.resolve(SystemManifest.FILE_NAME);
    Map<String, Object> manifest;
    try {
      manifest = Json.object(Json.parse(Files.readString(file, StandardCharsets.UTF_8)), file.toString());
    } catch (Json.JsonException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
    List<ServiceSpec> services = new ArrayList<>();
    try {
      for (Map<String, Object> s : Json.objects(manifest, "services")) {
        List<String> provision = Json.strings(s, "provision");
        if (provision == null || provision.isEmpty()) {
          throw new Json.JsonException("a service provides nothing");
        }
        List<String> actions = new ArrayList<>();
        for (Map<String, Object> a : Json.objects(s, "actions")) {
          actions.add(Json.string(a, "name"));
        }
        services.add(
            new ServiceSpec(
                provision,
                orEmpty(Json.strings(s, "requirement")),
                Json.bool(s, "oneShot", false),
                Json.bool(s, "respawn", true),
                Json.bool(s, "autoStart", true),
                Json.string(s, "documentation"),
                Json.string(s, "user"),
                Json.string(s, "group"),
                Json.string(s, "logFile"),
                Json.string(s, "directory"),
                orEmpty(Json.strings(s, "environment")),
                orEmpty(Json.strings(s, "secretEnvironment")),
                Json.bool(s, "stop", false),
                actions,
                Json.string(s, "launchers"),
                Json.string(s, "pidFile"),
                pidFileTimeout(s)));
      }
    } catch (Json.JsonException e) {
      throw new IOException(file + ": " + e.getMessage());
    }
    return services;
  }

  private static int pidFileTimeout(Map<String, Object> service) {
    Object timeout = service.get("pidFileTimeout");
    return timeout instanceof Number n ? n.intValue()
        : org.ocidsl.engine.shepherd.ShepherdService.DEFAULT_PID_FILE_TIMEOUT;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
