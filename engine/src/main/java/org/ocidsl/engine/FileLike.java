package org.ocidsl.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A file-like value, as Guix's {@code plain-file} and {@code local-file}: a named text file whose
 * content the system gives ({@link #plain}), or a host file, whose content is read once, when the
 * system is folded ({@link #local}). A service that hands such a file's path to a program writes
 * it into the generation at {@link #generationPath()}, named as a store file is, by a digest of
 * its name and content: another content is another path, and so another launcher.
 */
public final class FileLike {
  private final String name;
  private final Path source;
  private final SourceLocation location;
  private String content;

  private FileLike(String name, Path source, SourceLocation location, String content) {
    this.name = checkName(name);
    this.source = source;
    this.location = location;
    this.content = content;
  }

  /**
   * Guix's {@code (plain-file NAME CONTENT)}.
   *
   * @throws IllegalArgumentException when {@code name} is no file name
   */
  public static FileLike plain(String name, String content) {
    return new FileLike(name, null, SourceLocation.UNKNOWN, Objects.requireNonNull(content, "content"));
  }

  /**
   * Guix's {@code (local-file FILE)}: host file {@code file}, named by its base name, written at
   * {@code location}, where a failure to read it is reported.
   *
   * @throws IllegalArgumentException when {@code file} is not a regular file
   */
  public static FileLike local(Path file, SourceLocation location) {
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new IllegalArgumentException(absolute + ": no such file");
    }
    if (!Files.isRegularFile(absolute)) {
      throw new IllegalArgumentException(absolute + ": not a regular file");
    }
    return new FileLike(String.valueOf(absolute.getFileName()), absolute, location, null);
  }

  private static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.startsWith(".") || name.contains("/") || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "a file's name must not be empty, start with '.' or hold a '/': " + Values.written(name));
    }
    return name;
  }

  public String name() {
    return name;
  }

  /** The host file of a {@code localFile}; empty for a {@code plainFile}. */
  public Optional<Path> source() {
    return Optional.ofNullable(source);
  }

  /**
   * The text of the file: a local file's is read once, as UTF-8.
   *
   * @throws OcidslException at the {@code localFile} that named it, when it cannot be read
   */
  public synchronized String content() {
    if (content == null) {
      try {
        content = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(Files.readAllBytes(source)))
            .toString();
      } catch (CharacterCodingException e) {
        throw new OcidslException(location, this + " is not UTF-8 text, which a file-like value must be");
      } catch (IOException e) {
        throw new OcidslException(location, this + " cannot be read: " + e.getMessage());
      }
    }
    return content;
  }

  /** Where a generation holds this file: {@code files/DIGEST-NAME}. */
  public String generationPath() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(name.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(content().getBytes(StandardCharsets.UTF_8));
      return "files/" + HexFormat.of().formatHex(sha.digest()).substring(0, 32) + "-" + name;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A plain file by its name and content; a local file by its host path. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FileLike that && name.equals(that.name)
        && (source != null ? source.equals(that.source) : that.source == null && content.equals(that.content));
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, source != null ? source : content);
  }

  /** As the language writes it: {@code plainFile("NAME", "CONTENT")} or {@code localFile("PATH")}. */
  @Override
  public String toString() {
    if (source != null) {
      return "localFile(" + Values.written(source.toString()) + ")";
    }
    return "plainFile(" + Values.written(name) + ", " + Values.written(content).replace("\n", "\\n") + ")";
  }
}
