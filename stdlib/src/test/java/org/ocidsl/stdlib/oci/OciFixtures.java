package org.ocidsl.stdlib.oci;

import static org.ocidsl.stdlib.TestRecords.record;

import java.nio.file.Path;
import org.ocidsl.engine.config.Configuration;
import org.ocidsl.engine.config.ConfigurationType;
import org.ocidsl.engine.image.api.ImageContent;
import org.ocidsl.engine.service.ServiceType;
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration;
import org.ocidsl.stdlib.oci.OciRecords.OciContainer;
import org.ocidsl.stdlib.oci.OciRecords.OciExtension;
import org.ocidsl.stdlib.oci.OciRecords.OciImage;
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork;
import org.ocidsl.stdlib.oci.OciRecords.OciVolume;

/** The OCI records the tests write: the required fields first, then field names and values. */
final class OciFixtures {
  private OciFixtures() {}

  static Configuration image(String repository, String tag) {
    return record(OciImage.TYPE, "repository", repository, "tag", tag,
        "value", ImageContent.directory(Path.of("rootfs")));
  }

  static Configuration container(Object image, Object... fieldsAndValues) {
    return withFirst(OciContainer.TYPE, "image", image, fieldsAndValues);
  }

  static Configuration network(String name, Object... fieldsAndValues) {
    return withFirst(OciNetwork.TYPE, "name", name, fieldsAndValues);
  }

  static Configuration volume(String name, Object... fieldsAndValues) {
    return withFirst(OciVolume.TYPE, "name", name, fieldsAndValues);
  }

  static Configuration configuration(Object... fieldsAndValues) {
    return record(OciConfiguration.TYPE, fieldsAndValues);
  }

  static Configuration extension(Object... fieldsAndValues) {
    return record(OciExtension.TYPE, fieldsAndValues);
  }

  /** What a service of {@code type} with {@code value} gives its extension of {@code target}. */
  static Object extensionValue(ServiceType type, ServiceType target, Object value) {
    return type.extensions().stream()
        .filter(e -> e.target() == target)
        .findFirst()
        .orElseThrow(() -> new AssertionError(type.name() + " does not extend " + target.name()))
        .compute()
        .apply(value);
  }

  private static Configuration withFirst(ConfigurationType type, String field, Object value, Object... more) {
    Object[] all = new Object[more.length + 2];
    all[0] = field;
    all[1] = value;
    System.arraycopy(more, 0, all, 2, more.length);
    return record(type, all);
  }
}
