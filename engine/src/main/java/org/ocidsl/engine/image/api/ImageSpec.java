package org.ocidsl.engine.image.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One image to build: the Java form of Guix's {@code oci-image} record.
 *
 * <pre>{@code
 * ImageSpec spec = ImageSpec.builder()
 *     .repository("site").tag("1.0")
 *     .content(ImageContent.directory(Path.of("rootfs")))
 *     .packOptions(PackOptions.builder().entryPoint(List.of("/bin/httpd")).build())
 *     .system("x86_64-linux")          // optional: the host's architecture otherwise
 *     .build();
 * }</pre>
 *
 * @param repository the name the image is loaded under, before canonicalization
 * @param tag the tag ({@code latest} by default)
 * @param content what the image holds
 * @param packOptions how it is packed
 * @param system a Guix system name such as {@code aarch64-linux}; empty: the host's
 */
public record ImageSpec(
    String repository,
    String tag,
    ImageContent content,
    PackOptions packOptions,
    Optional<String> system) {

  public static final String DEFAULT_TAG = "latest";

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  public ImageSpec {
    Objects.requireNonNull(repository, "repository");
    if (repository.isBlank()) {
      throw new IllegalArgumentException("Repository is empty");
    }
    Objects.requireNonNull(tag, "tag");
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException(
          "Invalid tag (letters, digits, _ . - and at most 128 characters): " + tag);
    }
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(packOptions, "packOptions");
    Objects.requireNonNull(system, "system");
    system.ifPresent(Architecture::ofSystem); // unsupported system: X
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The OCI architecture of the image: from {@link #system}, or the host's. */
  public String architecture() {
    return system.map(Architecture::ofSystem).orElseGet(Architecture::host);
  }

  /** {@code repository} canonicalized, a colon, the tag: what {@code RepoTags} holds. */
  public String repoTag() {
    return canonicalRepositoryName(repository) + ":" + tag;
  }

  /**
   * The repository name as {@code guix/docker.scm} canonicalizes it: lower case, {@code _ . -}
   * trimmed from both ends, any character outside {@code [a-z0-9_.-]} replaced by {@code .}, cut
   * to 255 characters, padded with {@code a} to at least 2. Guix treats the name as one
   * component; here each {@code /}-separated component is canonicalized on its own so that
   * {@code org/app} stays a path.
   */
  public static String canonicalRepositoryName(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/", -1)) {
      if (!part.isEmpty()) {
        parts.add(canonicalComponent(part));
      }
    }
    if (parts.isEmpty()) {
      return canonicalComponent(name);
    }
    return String.join("/", parts);
  }

  private static String canonicalComponent(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    int start = 0;
    int end = lower.length();
    while (start < end && isSeparator(lower.charAt(start))) {
      start++;
    }
    while (end > start && isSeparator(lower.charAt(end - 1))) {
      end--;
    }
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; i++) {
      char c = lower.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || isSeparator(c);
      sb.append(ok ? c : '.');
    }
    if (sb.length() > 255) {
      sb.setLength(255);
    }
    while (sb.length() < 2) {
      sb.append('a');
    }
    return sb.toString();
  }

  private static boolean isSeparator(char c) {
    return c == '_' || c == '-' || c == '.';
  }

  /** Builds an {@link ImageSpec}; tag defaults to {@code latest}, pack options to defaults. */
  public static final class Builder {
    private String repository;
    private String tag = DEFAULT_TAG;
    private ImageContent content;
    private PackOptions packOptions = PackOptions.defaults();
    private String system;

    private Builder() {}

    public Builder repository(String repository) {
      this.repository = repository;
      return this;
    }

    public Builder tag(String tag) {
      this.tag = tag;
      return this;
    }

    public Builder content(ImageContent content) {
      this.content = content;
      return this;
    }

    public Builder packOptions(PackOptions packOptions) {
      this.packOptions = packOptions;
      return this;
    }

    /**
     * A Guix system name, or {@code null} for the host's architecture.
     *
     * @throws IllegalArgumentException {@code unsupported system: X}
     */
    public Builder system(String system) {
      if (system != null) {
        Architecture.ofSystem(system);
      }
      this.system = system;
      return this;
    }

    public ImageSpec build() {
      return new ImageSpec(repository, tag, content, packOptions, Optional.ofNullable(system));
    }
  }
}
