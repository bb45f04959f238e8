package org.ocidsl.dsl.eval;

import java.util.Map;

/**
 * Defines the classes of one compiled script, from their bytes: fresh from the compiler or read
 * back from the cache. It also knows the file the script came from and where each call in it
 * stands, so that values and errors can be located.
 */
final class ScriptLoader extends ClassLoader {
  private final Map<String, byte[]> classes;
  private final String mainClass;
  private final String file;
  private final Positions positions;

  ScriptLoader(ClassLoader parent, Map<String, byte[]> classes, String mainClass, String file, Positions positions) {
    super(parent);
    this.classes = classes;
    this.mainClass = mainClass;
    this.file = file;
    this.positions = positions;
  }

  /** The name of the script's own class, the one that runs it. */
  String mainClass() {
    return mainClass;
  }

  String file() {
    return file;
  }

  Positions positions() {
    return positions;
  }

  /**
   * The script's own classes are defined here without asking the parent first: the parent would
   * answer each with a {@link ClassNotFoundException}, its stack trace filled in, some fifty for
   * a script of fifty blocks.
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!classes.containsKey(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }
}
