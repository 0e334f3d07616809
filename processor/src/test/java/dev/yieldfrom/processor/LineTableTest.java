package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.runtime.Gen;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The line table in each state machine's {@code debugInfo()} maps generated lines to the template
 * lines they come from, line for line through copied statements, whatever the template's comments
 * say: a user comment that reads like the generated code's own origin comments ({@code // 3: ...})
 * is text, not an origin.
 */
class LineTableTest {
  static final String NOTES =
      """
      package lt;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Gen;

      public class Notes {
        @Coroutine
        static Gen<Integer, Object, Integer> noted(int n) {
          int i = 0;
          while (i < 2) {
            yieldValue(i);
            for (int k = 0; k < 1; k++) {
              // 3: a user's note that looks like an origin comment
              n = n + k;
              if (n > 5) {
                throw new IllegalStateException("wrapped");
              }
            }
            i++;
          }
          return done(n);
        }
      }
      """;

  private static int templateLine(String text) {
    List<String> lines = NOTES.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text);
  }

  @Test
  void aThrowInACopiedLoopIsShownAtItsTemplateLine() {
    Compiled compiled = CoroutineCompiler.shared(NOTES);
    Gen<?, ?, ?> gen = compiled.call("lt.NotesCoroutines", "noted", 6);
    assertThat(gen.send(null)).isEqualTo(0);
    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> gen.send(null));
    assertThat(failure.getStackTrace()[0].toString())
        .isEqualTo("lt.Notes.noted(Notes.java:" + templateLine("throw new IllegalStateException") + ")");
  }

  @Test
  void everyLineOfACopiedStatementMapsToTheTemplateLineWithItsText() throws Exception {
    Compiled compiled = CoroutineCompiler.shared(NOTES);
    Gen<?, ?, ?> gen = compiled.call("lt.NotesCoroutines", "noted", 0);
    Method debugInfo = Gen.class.getDeclaredMethod("debugInfo");
    debugInfo.setAccessible(true);
    String[] info = ((String) debugInfo.invoke(gen)).split("\\|", -1);
    List<String> generated = compiled.generatedSource(gen.getClass().getName()).lines().toList();
    List<String> template = NOTES.lines().toList();
    int checked = 0;
    for (String range : info[4].split(",")) {
      String[] parts = range.split("[-:]");
      int templateLine = Integer.parseInt(parts[2]);
      assertThat(templateLine).isNotEqualTo(3);
      for (int line = Integer.parseInt(parts[0]); line <= Integer.parseInt(parts[1]); line++) {
        String text = generated.get(line - 1).strip();
        if (text.startsWith("n = n + k") || text.startsWith("if (n > 5)") || text.startsWith("throw new IllegalStateException(\"wrapped\")")) {
          assertThat(template.get(templateLine - 1).strip()).isEqualTo(text);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(3);
  }
}
