package org.ocidsl.dsl.eval;

import java.util.Map;

/**
 * Defines the classes of one compiled script, from their bytes: fresh from the compiler or read
 * back from the cache. It also knows the file the script came from and where each call in it
 * stands, so that values and errors can be located.
 */
final class ScriptLoader extends ClassLoader {
  private final Map<String, byte[]> classes;
  private final String file;
  private final Positions positions;

  ScriptLoader(ClassLoader parent, Map<String, byte[]> classes, String file, Positions positions) {
    super(parent);
    this.classes = classes;
    this.file = file;
    this.positions = positions;
  }

  String file() {
    return file;
  }

  Positions positions() {
    return positions;
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
