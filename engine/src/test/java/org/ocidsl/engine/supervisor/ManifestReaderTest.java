package org.ocidsl.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ocidsl.engine.generation.Generation;
import org.ocidsl.engine.generation.SystemManifest;
import org.ocidsl.engine.shell.Script;
import org.ocidsl.engine.shepherd.ShepherdAction;
import org.ocidsl.engine.shepherd.ShepherdService;

/**
 * The supervisor reads system.json with a reader of its own ({@link ManifestReader}, no Jackson
 * at its start): every field {@link SystemManifest.ServiceEntry} writes must come back, under the
 * same name, and none from a default.
 */
class ManifestReaderTest {
  @TempDir Path dir;

  @Test
  void everyFieldTheManifestWritesIsReadBack() throws Exception {
    ShepherdService web =
        ShepherdService.builder("web", "www")
            .requirement(List.of("db"))
            .oneShot(true)
            .respawn(false)
            .autoStart(false)
            .start(Script.exec(List.of("true")))
            .stop(Script.exec(List.of("false")))
            .actions(List.of(new ShepherdAction("greet", "Says hello.", Script.exec(List.of("echo")))))
            .documentation("The web server.")
            .user("alice")
            .group("staff")
            .logFile("/var/log/web.log")
            .environmentVariables(List.of("LANG=C"))
            .secretEnvironment(Map.of("TOKEN", "not written"))
            .directory("/srv")
            .pidFile("/run/web.pid", 7)
            .build();
    SystemManifest manifest = SystemManifest.of(Generation.ofServices(List.of(web)), "test");
    Files.writeString(dir.resolve(SystemManifest.FILE_NAME), manifest.toJson());
    SystemManifest.ServiceEntry written = manifest.services().get(0);
    ServiceSpec read = ManifestReader.services(dir).get(0);

    ServiceSpec defaults = new ServiceSpec(List.of("x"), List.of(), false, true, true, null, null, null,
        null, null, List.of(), List.of(), false, List.of(), null, null,
        ShepherdService.DEFAULT_PID_FILE_TIMEOUT);
    for (RecordComponent field : SystemManifest.ServiceEntry.class.getRecordComponents()) {
      Object value = field.getAccessor().invoke(written);
      if (field.getName().equals("actions")) {
        value = ((List<?>) value).stream().map(a -> ((SystemManifest.ActionEntry) a).name()).toList();
      }
      var reader = ServiceSpec.class.getDeclaredMethod(field.getName());
      assertEquals(value, reader.invoke(read), field.getName());
      assertNotEquals(reader.invoke(defaults), reader.invoke(read), field.getName() + " is not a default here");
    }
  }
}
