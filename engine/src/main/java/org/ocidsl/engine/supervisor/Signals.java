package org.ocidsl.engine.supervisor;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SIGINT and SIGTERM handlers, through {@code sun.misc.Signal} (the JDK's only way to catch a
 * signal and go on), reached by reflection so the build stays free of internal-API warnings. When
 * it is unavailable, the supervisor's shutdown hook does the same work as the JVM exits.
 */
final class Signals {
  private Signals() {}

  /** Undoes a registration. */
  interface Registration {
    void restore();
  }

  /** Runs {@code action} on a new thread at each SIGINT or SIGTERM, until restored. */
  static Registration onTermination(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Constructor<?> signal = signalClass.getConstructor(String.class);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "handle":
                    Thread t = new Thread(action, "supervisor signal");
                    t.setDaemon(false);
                    t.start();
                    return null;
                  case "hashCode":
                    return System.identityHashCode(proxy);
                  case "equals":
                    return proxy == args[0];
                  default:
                    return "supervisor signal handler";
                }
              });
      Map<Object, Object> previous = new LinkedHashMap<>();
      for (String name : List.of("INT", "TERM")) {
        try {
          Object sig = signal.newInstance(name);
          previous.put(sig, handle.invoke(null, sig, handler));
        } catch (InvocationTargetException e) {
          // The VM keeps this signal for itself (-Xrs): the shutdown hook covers it.
        }
      }
      return () ->
          previous.forEach(
              (sig, old) -> {
                try {
                  handle.invoke(null, sig, old);
                } catch (ReflectiveOperationException e) {
                  // Leave ours in place: it only asks a halted supervisor to halt.
                }
              });
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return () -> {};
    }
  }
}
