package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.yieldfrom.processor.diag.DiagnosticId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's table of diagnostics is DiagnosticId's, row for row. */
class DiagnosticIdTest {
  private static final String HEADER = "| id | reported for |";

  @Test
  void readmeTableMatchesTheEnum() throws IOException {
    List<String> expected = new ArrayList<>();
    expected.add(HEADER);
    expected.add("| --- | --- |");
    for (DiagnosticId id : DiagnosticId.values()) {
      expected.add(
          "| `[" + id.id() + "]` | " + (id.isWarning() ? "(a warning) " : "") + id.summary() + " |");
    }
    List<String> readme = Files.readAllLines(Path.of("..", "README.md"));
    int start = readme.indexOf(HEADER);
    List<String> table = new ArrayList<>();
    for (int i = start; start >= 0 && i < readme.size() && readme.get(i).startsWith("|"); i++) {
      table.add(readme.get(i));
    }
    assertWithMessage(
            "README's table of diagnostics differs from DiagnosticId; it should read:\n%s",
            String.join("\n", expected))
        .that(table)
        .containsExactlyElementsIn(expected)
        .inOrder();
  }

  @Test
  void idsAreDistinct() {
    assertWithMessage("ids")
        .that(java.util.Arrays.stream(DiagnosticId.values()).map(DiagnosticId::id).toList())
        .containsNoDuplicates();
  }
}
