package org.ocidsl.engine.supervisor;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The supervisor's control socket: a Unix domain socket, mode 0600 inside the 0700 state
 * directory, so that only its owner can talk to it. Each connection is served on a thread of its
 * own; each line it sends is a {@link Protocol.Request} answered by one {@link Protocol.Reply}
 * line.
 */
final class ControlServer implements Closeable {
  private final Path socket;
  private final Function<Protocol.Request, Protocol.Reply> handler;
  private final Runnable afterHalt;
  private ServerSocketChannel channel;

  ControlServer(Path socket, Function<Protocol.Request, Protocol.Reply> handler, Runnable afterHalt) {
    this.socket = socket;
    this.handler = handler;
    this.afterHalt = afterHalt;
  }

  /** Binds the socket (mode 0600) and accepts connections on a background thread. */
  void start() throws IOException {
    Files.deleteIfExists(socket);
    channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    channel.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    Thread acceptor = new Thread(null, this::acceptLoop, "supervisor socket", 256 * 1024);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void acceptLoop() {
    while (channel.isOpen()) {
      SocketChannel connection;
      try {
        connection = channel.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread t = new Thread(null, () -> serve(connection), "supervisor client", 512 * 1024);
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(SocketChannel connection) {
    boolean halted = false;
    try (connection) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(connection), StandardCharsets.UTF_8));
      OutputStream out = Channels.newOutputStream(connection);
      String line;
      while (!halted && (line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Protocol.Reply reply;
        Protocol.Request request = null;
        try {
          request = Protocol.Request.fromJson(line);
          reply = handler.apply(request);
        } catch (Protocol.MalformedException e) {
          reply = Protocol.Reply.error("malformed request: " + e.getMessage());
        }
        out.write((reply.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        halted = request != null && "halt".equals(request.op()) && reply.ok();
      }
    } catch (IOException e) {
      // The client went away.
    } finally {
      if (halted) {
        afterHalt.run();
      }
    }
  }

  @Override
  public void close() {
    try {
      if (channel != null) {
        channel.close();
      }
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // Removed by the next supervisor.
    }
  }
}
