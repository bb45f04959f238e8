package org.ocidsl.dsl.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ocidsl.engine.supervisor.SupervisorClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ocidsl logs SERVICE [-f]}: print the service's log file, and follow it with {@code -f}. */
@Command(name = "logs", description = "Print the log of SERVICE (its lines timestamped by the supervisor).")
final class LogsCommand implements Callable<Integer> {
  private static final long FOLLOW_MILLIS = 200;

  @Parameters(paramLabel = "SERVICE", description = "A service, by any name it provides.")
  String service;

  @Option(names = {"-f", "--follow"}, description = "Keep printing the lines appended to the log, until interrupted.")
  boolean follow;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    Path log = SupervisorClient.of(GlobalOptions.of(spec).stateDir()).logFile(service);
    PrintWriter out = spec.commandLine().getOut();
    long position = 0;
    do {
      if (Files.exists(log)) {
        long size = Files.size(log);
        if (size < position) {
          position = 0; // truncated or replaced
        }
        if (size > position) {
          position = copy(log, position, size, out);
        }
      }
      if (follow) {
        Thread.sleep(FOLLOW_MILLIS);
      }
    } while (follow);
    return 0;
  }

  /** Prints the complete lines of {@code log} between {@code from} and {@code to}; returns where it stopped. */
  private static long copy(Path log, long from, long to, PrintWriter out) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long position = from;
      byte[] buf = new byte[64 * 1024];
      while (position < to) {
        f.seek(position);
        int n = f.read(buf, 0, (int) Math.min(buf.length, to - position));
        if (n <= 0) {
          break;
        }
        int end = n;
        while (end > 0 && buf[end - 1] != '\n') {
          end--;
        }
        if (end == 0) {
          end = n == buf.length ? n : 0; // a line longer than the buffer goes out in pieces
          if (end == 0) {
            break;
          }
        }
        out.print(new String(buf, 0, end, StandardCharsets.UTF_8));
        position += end;
      }
      out.flush();
      return position;
    }
  }
}
