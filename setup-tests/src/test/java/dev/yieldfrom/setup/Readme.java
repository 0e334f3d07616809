package dev.yieldfrom.setup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of README.md, read as a user copying them would. */
final class Readme {
  /** One fenced block: its info string ({@code java}, {@code xml}, or empty) and its text. */
  record Block(String info, String text) {}

  private final List<String> lines;

  private Readme(List<String> lines) {
    this.lines = lines;
  }

  static Readme load() {
    try {
      return new Readme(Files.readAllLines(Build.readme()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** README's first Java block: the program at the top of the page. */
  String firstJavaProgram() {
    return blocks(0, lines.size()).stream()
        .filter(b -> b.info().equals("java"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("README has no ```java block"))
        .text();
  }

  /**
   * The blocks under {@code heading} (a whole line such as {@code ## Quick start}), up to the next
   * heading of the same or a higher level.
   */
  List<Block> section(String heading) {
    int start = lines.indexOf(heading);
    if (start < 0) {
      throw new AssertionError("README has no heading " + heading);
    }
    int level = heading.indexOf(' ');
    int end = start + 1;
    boolean inBlock = false;
    for (; end < lines.size(); end++) {
      String line = lines.get(end);
      if (line.startsWith("```")) {
        inBlock = !inBlock;
      }
      if (!inBlock && line.startsWith("#") && line.indexOf(' ') <= level && line.matches("#+ .*")) {
        break;
      }
    }
    return blocks(start + 1, end);
  }

  private List<Block> blocks(int from, int to) {
    List<Block> blocks = new ArrayList<>();
    String info = null;
    StringBuilder text = new StringBuilder();
    for (String line : lines.subList(from, to)) {
      if (line.startsWith("```")) {
        if (info == null) {
          info = line.substring(3).trim();
          text.setLength(0);
        } else {
          blocks.add(new Block(info, text.toString()));
          info = null;
        }
      } else if (info != null) {
        text.append(line).append('\n');
      }
    }
    return blocks;
  }
}
