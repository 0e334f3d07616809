package dev.yieldfrom.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each example prints exactly what its Python original prints (shared/seed/expected). */
class ExamplesTest {
  /**
   * The wall clock the examples read through {@link Py#time()}: the instant the Python programs
   * saw as {@code time.time()} when their expected output was produced.
   */
  static final Clock PINNED_WALL_CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1451511233, 21_935_000), ZoneOffset.UTC);

  private static Clock originalWallClock;

  @BeforeAll
  static void pinWallClock() {
    originalWallClock = Py.wallClock;
    Py.wallClock = PINNED_WALL_CLOCK;
  }

  @AfterAll
  static void restoreWallClock() {
    Py.wallClock = originalWallClock;
  }

  static Stream<String> examples() {
    return RunAll.examples().keySet().stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void printsWhatPythonPrints(String name) throws IOException {
    String expected;
    try (InputStream in = ExamplesTest.class.getResourceAsStream("/expected/" + name + ".txt")) {
      assertNotNull(in, "no expected output for " + name);
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, run(RunAll.examples().get(name)));
  }

  private static String run(Consumer<String[]> main) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      main.accept(new String[0]);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }
}
