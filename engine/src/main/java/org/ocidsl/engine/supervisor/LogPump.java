package org.ocidsl.engine.supervisor;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Copies the output of every service process into its log on a single thread, through a
 * selector, instead of a thread per process: at hundreds of services, the threads cost more to
 * start than the processes.
 *
 * <p>A process's stdout and stderr are the write end of a {@link Pipe}, given to {@link
 * ProcessBuilder} as {@code /proc/self/fd/N}; the JDK has no public way to know N, so this needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} ({@code scripts/ocidsl} gives it to {@code
 * run}, and the supervisor that {@code run -d} detaches inherits it).
 * Without it, {@link #available()} is false and each process gets a thread ({@link
 * LogFile#pump}).
 */
final class LogPump implements Closeable {
  private static final Method FD_VAL = fdVal();

  private final Selector selector;
  private final ConcurrentLinkedQueue<Runnable> registrations = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean closed;

  private LogPump() throws IOException {
    selector = Selector.open();
    thread = new Thread(null, this::loop, "supervisor logs", 512 * 1024);
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether this JVM lets the pump know a pipe's descriptor. */
  static boolean available() {
    return FD_VAL != null;
  }

  /** A pump, or null when this JVM does not allow one. */
  static LogPump startIfAvailable() {
    if (!available()) {
      return null;
    }
    try {
      return new LogPump();
    } catch (IOException e) {
      return null;
    }
  }

  /** Where a process about to start sends its output: {@link #file()} for the redirect. */
  final class Sink {
    private final Pipe pipe;
    private final File file;
    private final LogFile log;

    private Sink(Pipe pipe, File file, LogFile log) {
      this.pipe = pipe;
      this.file = file;
      this.log = log;
    }

    /** The path a {@link ProcessBuilder} opens to write into the pipe. */
    File file() {
      return file;
    }

    /** The process has started (or failed to): start reading, and drop our write end. */
    void started() {
      try {
        pipe.sink().close();
      } catch (IOException e) {
        // Closed already.
      }
      LogFile.Lines lines = log.new Lines();
      registrations.add(
          () -> {
            try {
              pipe.source().configureBlocking(false);
              pipe.source().register(selector, SelectionKey.OP_READ, lines);
            } catch (IOException e) {
              closeQuietly(pipe.source());
            }
          });
      selector.wakeup();
    }

    /** The process could not be started: nothing will be read. */
    void abandon() {
      closeQuietly(pipe.sink());
      closeQuietly(pipe.source());
    }
  }

  /** A new pipe for a process whose output goes to {@code log}. */
  Sink sink(LogFile log) throws IOException {
    Pipe pipe = Pipe.open();
    int fd;
    try {
      fd = (Integer) FD_VAL.invoke(pipe.sink());
    } catch (ReflectiveOperationException | RuntimeException e) {
      closeQuietly(pipe.sink());
      closeQuietly(pipe.source());
      throw new IOException("cannot know a pipe's descriptor: " + e);
    }
    return new Sink(pipe, new File("/proc/self/fd/" + fd), log);
  }

  private void loop() {
    ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    while (!closed) {
      try {
        selector.select();
        Runnable r;
        while ((r = registrations.poll()) != null) {
          r.run();
        }
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
          SelectionKey key = keys.next();
          keys.remove();
          LogFile.Lines lines = (LogFile.Lines) key.attachment();
          Pipe.SourceChannel source = (Pipe.SourceChannel) key.channel();
          int n;
          try {
            buffer.clear();
            n = source.read(buffer);
          } catch (IOException e) {
            n = -1;
          }
          if (n > 0) {
            lines.take(buffer.array(), 0, n);
          } else if (n < 0) {
            key.cancel();
            closeQuietly(source);
            lines.finish();
          }
        }
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        // Keep pumping the others.
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      ((LogFile.Lines) key.attachment()).finish();
      closeQuietly(key.channel());
    }
    closeQuietly(selector);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // Nothing to do.
    }
  }

  private static Method fdVal() {
    try {
      Class<?> selChImpl = Class.forName("sun.nio.ch.SelChImpl");
      Method m = selChImpl.getMethod("getFDVal");
      m.setAccessible(true);
      Pipe p = Pipe.open();
      try {
        m.invoke(p.sink());
      } finally {
        p.sink().close();
        p.source().close();
      }
      return m;
    } catch (ReflectiveOperationException | RuntimeException | IOException | LinkageError e) {
      return null;
    }
  }
}
