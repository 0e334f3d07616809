package dev.yieldfrom.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Unix domain socket files: what asyncio's start_unix_server does before binding. */
final class UnixSockets {
  private UnixSockets() {}

  /**
   * Removes a socket file left at {@code path} by a server that is gone, as asyncio does; any
   * other kind of file stays, and binding then fails naming it.
   */
  static void removeStaleSocket(Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.NoSuchFileException absent) {
      return;
    }
    if (attributes.isOther()) {
      Files.deleteIfExists(path);
    }
  }
}
