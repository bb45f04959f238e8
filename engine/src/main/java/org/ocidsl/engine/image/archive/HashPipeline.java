package org.ocidsl.engine.image.archive;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ocidsl.engine.image.tree.ImageTree;

/**
 * SHA-256 on a second thread: the writing thread reads and writes while this one hashes what was
 * just written, so a build costs about as much as copying. Work is done in submission order;
 * buffers come from a small fixed pool, which bounds the memory used whatever the input size.
 * They are direct: files are read into them and written from them by the kernel, with no copy
 * through the Java heap; hashing reads each piece of them once, for the layer and the file.
 */
final class HashPipeline implements AutoCloseable {
  static final int CHUNK = 1 << 20;
  private static final int BUFFERS = 8;
  private static final Runnable STOP = () -> {};

  /**
   * Bytes {@code from} to {@code to} of a buffer are content of a file whose digest is
   * computed too; {@code done}, if not null, is the file, whose digest is then complete.
   */
  record Range(MessageDigest digest, int from, int to, ImageTree.Blob done) {}

  /**
   * Bytes go through it into the digests: they read a direct buffer in copies of a few KiB, and
   * one copy here serves the layer's digest and the file's.
   */
  private final byte[] scratch = new byte[1 << 16];

  private final BlockingQueue<ByteBuffer> pool = new ArrayBlockingQueue<>(BUFFERS);
  private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(BUFFERS * 4);
  private final Thread worker;
  private volatile Throwable failure;

  HashPipeline() {
    for (int i = 0; i < BUFFERS; i++) {
      pool.add(ByteBuffer.allocateDirect(CHUNK));
    }
    worker = new Thread(this::run, "ocidsl-image-hash");
    worker.setDaemon(true);
    worker.start();
  }

  private void run() {
    while (true) {
      Runnable task;
      try {
        task = tasks.take();
      } catch (InterruptedException e) {
        return;
      }
      if (task == STOP) {
        return;
      }
      if (failure == null) {
        try {
          task.run();
        } catch (Throwable t) {
          failure = t;
        }
      }
    }
  }

  /** A free, cleared buffer of {@link #CHUNK} bytes; blocks while all are in use. */
  ByteBuffer take() throws IOException {
    try {
      while (true) {
        check();
        ByteBuffer b = pool.poll(100, TimeUnit.MILLISECONDS);
        if (b != null) {
          return b;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  /**
   * Updates {@code layer} with the first {@code length} bytes of {@code buffer}, and the digests
   * of {@code files}, ranges of it in order, with theirs, on the hashing thread; then frees
   * {@code buffer}. Batching many small files into one buffer keeps the hand-overs between the
   * threads few.
   */
  void submit(ByteBuffer buffer, int length, MessageDigest layer, List<Range> files)
      throws IOException {
    submit(
        () -> {
          int next = 0;
          for (int at = 0; at < length; at += scratch.length) {
            int n = Math.min(scratch.length, length - at);
            int end = at + n;
            buffer.get(at, scratch, 0, n);
            layer.update(scratch, 0, n);
            for (; next < files.size(); next++) {
              Range r = files.get(next);
              int from = Math.max(r.from(), at);
              int to = Math.min(r.to(), end);
              if (to > from) {
                r.digest().update(scratch, from - at, to - from);
              }
              if (r.to() > end) {
                break; // more of it in the next piece
              }
              complete(r);
            }
          }
          for (; next < files.size(); next++) {
            complete(files.get(next)); // ranges of nothing, at the very end
          }
          pool.add(buffer.clear());
        });
  }

  private static void complete(Range r) {
    if (r.done() != null) {
      r.done().setSha256(r.digest().digest());
    }
  }

  /** Finishes {@code digest} after everything submitted so far and hands the result over. */
  void finish(MessageDigest digest, Consumer<byte[]> result) throws IOException {
    submit(() -> result.accept(digest.digest()));
  }

  /** Waits until everything submitted so far is done. */
  void await() throws IOException {
    CountDownLatch latch = new CountDownLatch(1);
    submit(latch::countDown);
    try {
      while (!latch.await(100, TimeUnit.MILLISECONDS)) {
        check();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
    check();
  }

  private void submit(Runnable task) throws IOException {
    try {
      while (true) {
        check();
        if (tasks.offer(task, 100, TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void check() throws IOException {
    if (failure != null) {
      throw new IOException("hashing failed", failure);
    }
    if (!worker.isAlive()) {
      throw new IOException("hashing thread stopped");
    }
  }

  @Override
  public void close() {
    try {
      if (!tasks.offer(STOP, 1, TimeUnit.SECONDS)) {
        worker.interrupt();
      }
      worker.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
