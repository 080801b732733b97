package com.whatatalk.deploy.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers: pick free ports, and tell whether a port is taken. */
public final class FreePorts {
  private FreePorts() {}

  /** {@code count} distinct ports that were free a moment ago (all held open while picking). */
  public static int[] take(int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free loopback port", e);
    } finally {
      for (ServerSocket socket : sockets) {
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // a port we only peeked at
          }
        }
      }
    }
  }

  /** Whether something already listens on (or holds) {@code address:port}. */
  public static boolean isTaken(String address, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(address, port), 1);
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
