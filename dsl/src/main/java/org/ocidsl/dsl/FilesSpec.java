package org.ocidsl.dsl;

import groovy.lang.Closure;
import groovy.lang.GroovyObjectSupport;
import java.util.ArrayList;
import java.util.List;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.ocidsl.engine.image.api.FileEntry;

/** The delegate of {@code files { ... }}: host files, directories and symlinks placed in an image. */
public final class FilesSpec extends GroovyObjectSupport {
  private final OcidslScript script;
  private final List<FileEntry> entries = new ArrayList<>();

  private FilesSpec(OcidslScript script) {
    this.script = script;
  }

  static List<FileEntry> entries(OcidslScript script, Closure<?> body) {
    return Closures.runAgainst(new FilesSpec(script), body).entries;
  }

  /** The host file {@code source} (relative to the script) at {@code destination} in the image. */
  public void file(String source, String destination) {
    entries.add(FileEntry.file(script.resolve(source), destination));
  }

  /** The host tree {@code source} (relative to the script) at {@code destination} in the image. */
  public void directory(String source, String destination) {
    entries.add(FileEntry.directory(script.resolve(source), destination));
  }

  /** A symbolic link {@code link} pointing to {@code target}. */
  public void symlink(String link, String target) {
    entries.add(FileEntry.symlink(link, target));
  }

  public Object methodMissing(String name, Object args) {
    return script.invokeMethod(name, InvokerHelper.asArray(args));
  }

  public Object propertyMissing(String name) {
    return script.getProperty(name);
  }
}
