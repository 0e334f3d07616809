package dev.yieldfrom.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where this build keeps what the set-up tests need; the pom passes each path in. */
final class Build {
  private Build() {}

  static Path readme() {
    return path("setup.readme");
  }

  /** The clone of this repository the build runs in. */
  static Path checkout() {
    return path("setup.checkout");
  }

  static String version() {
    return property("setup.version");
  }

  /** The jar {@code mvn package} leaves in {@code <module>/target}, as README names it. */
  static Path jar(String module) {
    return checkout()
        .resolve(module)
        .resolve("target")
        .resolve("yieldfrom-" + module + "-" + version() + ".jar");
  }

  /** A fresh, empty directory for one test. */
  static Path freshDirectory(String name) {
    Path directory = path("setup.work").resolve(name);
    try {
      if (Files.exists(directory)) {
        try (Stream<Path> files = Files.walk(directory)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path path(String property) {
    return Path.of(property(property)).toAbsolutePath().normalize();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set: run these tests through Maven (mvn verify)");
    }
    return value;
  }
}
