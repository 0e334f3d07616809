package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.yieldfrom.processor.testing.Compiled;
import dev.yieldfrom.processor.testing.CoroutineCompiler;
import dev.yieldfrom.processor.testing.Trace;
import dev.yieldfrom.runtime.Gen;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A body of a thousand suspensions in a row: its resume is split into methods (javac refuses a
 * method over 64 KB, HotSpot does not compile one over 8,000 bytes), with jumps, an exception
 * region and a loop that cross from one method to another; a small body keeps one method.
 */
class LargeBodyTest {
  private static final int SUSPENSIONS = 1_000;

  private static String source() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < SUSPENSIONS; i++) {
      body.append("          total += yieldValue(total + ").append(i).append(") == null ? 1 : 2;\n");
      if (i == SUSPENSIONS / 2) {
        body.append("          Trace.log(\"half \" + total);\n");
      }
    }
    return """
        package lb;

        import static dev.yieldfrom.runtime.Yield.*;

        import dev.yieldfrom.Coroutine;
        import dev.yieldfrom.processor.testing.Trace;
        import dev.yieldfrom.runtime.Gen;

        class Large {
          @Coroutine
          static Gen<Integer, Integer, Integer> big(boolean fail) {
            int total = 0;
            int rounds = 0;
            int $NEXT = 1; // named as the generated sentinel of a split resume, and its local
            int $out = 2;
            do {
              try {
        %s
                if (fail) {
                  throw new IllegalStateException("late failure"); // fails here
                }
              } catch (IllegalArgumentException never) {
                Trace.log("unexpected");
              } finally {
                Trace.log("finally " + rounds);
              }
              rounds++;
            } while (rounds < 2);
            return done(total + $NEXT + $out - 3);
          }

          @Coroutine
          static Gen<Integer, Integer, Integer> wide() {
            int acc = 1;
            int step = 3;
        %s
            return done(acc + step);
          }

          @Coroutine
          static Gen<Integer, Integer, Integer> small() {
            int got = yieldValue(1) == null ? 1 : 2;
            return done(got);
          }
        }
        """
        .formatted(body, wide());
  }

  /** Three suspensions between long runs of plain statements: a split body with two locals. */
  private static String wide() {
    StringBuilder body = new StringBuilder();
    for (int part = 0; part < 3; part++) {
      for (int i = 0; i < 200; i++) {
        body.append("    acc = (acc * 31 + step + ").append(i).append(") % 1000003;\n");
      }
      body.append("    step += (Integer) yieldValue(acc);\n");
    }
    return body.toString();
  }

  /** What wide() computes, sending {@code sent} at each suspension. */
  private static int wideExpected(int sent) {
    long acc = 1;
    long step = 3;
    for (int part = 0; part < 3; part++) {
      for (int i = 0; i < 200; i++) {
        acc = (acc * 31 + step + i) % 1000003;
      }
      step += sent;
    }
    return (int) (acc + step);
  }

  @BeforeEach
  void clear() {
    Trace.clear();
  }

  @Test
  void aThousandSuspensionsRunAcrossTheSplitMethods() {
    Compiled compiled = CoroutineCompiler.shared(source());
    Gen<Integer, Integer, Integer> gen = compiled.call("lb.LargeCoroutines", "big", false);
    int count = 0;
    int expectedTotal = 0;
    Integer value = gen.next();
    while (true) {
      assertThat(value).isEqualTo(expectedTotal + count % SUSPENSIONS);
      boolean sendNull = (count + 1) % 3 == 0;
      expectedTotal += sendNull ? 1 : 2;
      count++;
      try {
        value = sendNull ? gen.next() : gen.send(count);
      } catch (java.util.NoSuchElementException finished) {
        break;
      }
    }
    assertThat(count).isEqualTo(2 * SUSPENSIONS);
    assertThat(gen.result()).isEqualTo(expectedTotal);
    assertThat(Trace.events()).hasSize(4);
    assertThat(Trace.events().get(1)).isEqualTo("finally 0");
    assertThat(Trace.events().get(3)).isEqualTo("finally 1");
  }

  @Test
  void anExceptionOfALateStateReachesTheHandlerOfAnEarlyOneWithItsTemplateLine() {
    Compiled compiled = CoroutineCompiler.shared(source());
    Gen<Integer, Integer, Integer> gen = compiled.call("lb.LargeCoroutines", "big", true);
    for (int i = 0; i < SUSPENSIONS; i++) {
      gen.next();
    }
    IllegalStateException failure = assertThrows(IllegalStateException.class, gen::next);
    assertThat(failure).hasMessageThat().isEqualTo("late failure");
    assertThat(Trace.events()).containsExactly("half " + (SUSPENSIONS / 2 + 1), "finally 0").inOrder();
    StackTraceElement top = failure.getStackTrace()[0];
    assertThat(top.getClassName()).isEqualTo("lb.Large");
    assertThat(top.getMethodName()).isEqualTo("big");
    assertThat((long) top.getLineNumber()).isEqualTo(lineOf(source(), "// fails here"));
  }

  @Test
  void everyMethodStaysUnderTheJitLimitAndASmallBodyKeepsOneResume() throws IOException {
    Compiled compiled = CoroutineCompiler.shared(source());
    Map<String, Integer> big = codeLengths(compiled, "lb.Large$0big");
    assertThat(big.keySet()).contains("resume$1");
    for (Map.Entry<String, Integer> method : big.entrySet()) {
      assertWithMessage(method.getKey()).that(method.getValue()).isLessThan(8_000);
    }
    Map<String, Integer> small = codeLengths(compiled, "lb.Large$0small");
    assertThat(small.keySet().stream().filter(m -> m.startsWith("resume"))).containsExactly("resume");
  }

  @Test
  void theClassFileOfASplitBodyNamesTheTemplateAndItsLinesInEveryRun() throws IOException {
    Compiled compiled = CoroutineCompiler.shared(source());
    ClassFile big = ClassFile.read(compiled, "lb.Large$0big");
    assertThat(big.sourceFile).isEqualTo("Large.java");
    long templateLines = source().split("\n", -1).length;
    long failing = lineOf(source(), "// fails here");
    boolean failingLineInARun = false;
    int runs = 0;
    for (Map.Entry<String, java.util.List<Integer>> method : big.lines.entrySet()) {
      if (!method.getKey().startsWith("resume$")) {
        continue;
      }
      runs++;
      assertWithMessage(method.getKey()).that(method.getValue()).isNotEmpty();
      for (int line : method.getValue()) {
        assertWithMessage(method.getKey()).that((long) line).isIn(com.google.common.collect.Range.closed(1L, templateLines));
      }
      failingLineInARun |= method.getValue().contains((int) failing);
    }
    assertThat(runs).isGreaterThan(1);
    assertThat(failingLineInARun).isTrue();
  }

  @Test
  void aSplitBodyWithFewLocalsKeepsTheirValuesAcrossItsMethods() throws IOException {
    Compiled compiled = CoroutineCompiler.shared(source());
    assertThat(ClassFile.read(compiled, "lb.Large$0wide").lines.keySet()).contains("resume$1");
    // The runs work on the fields: no mirror is written back to its field (it would be itself).
    assertThat(compiled.generatedSource("lb.Large$0wide")).doesNotContain("this.acc = acc;");
    Gen<Integer, Integer, Integer> gen = compiled.call("lb.LargeCoroutines", "wide");
    gen.next();
    gen.send(5);
    gen.send(5);
    assertThrows(java.util.NoSuchElementException.class, () -> gen.send(5));
    assertThat(gen.result()).isEqualTo(wideExpected(5));
  }

  private static long lineOf(String source, String marker) {
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError(marker);
  }

  private static Map<String, Integer> codeLengths(Compiled compiled, String binaryName)
      throws IOException {
    return ClassFile.read(compiled, binaryName).codeLengths;
  }

  /** What the tests read of a class file: each method's bytecode length and lines, SourceFile. */
  private static final class ClassFile {
    final Map<String, Integer> codeLengths = new LinkedHashMap<>();
    final Map<String, java.util.List<Integer>> lines = new LinkedHashMap<>();
    String sourceFile;
    private String[] utf8;

    static ClassFile read(Compiled compiled, String binaryName) throws IOException {
      String path = "/" + binaryName.replace('.', '/') + ".class";
      for (JavaFileObject file : compiled.compilation().generatedFiles()) {
        if (file.getKind() == JavaFileObject.Kind.CLASS && file.toUri().getPath().endsWith(path)) {
          try (InputStream in = file.openInputStream()) {
            ClassFile classFile = new ClassFile();
            classFile.parse(new DataInputStream(new ByteArrayInputStream(in.readAllBytes())));
            return classFile;
          }
        }
      }
      throw new AssertionError("no class " + binaryName);
    }

    private void parse(DataInputStream in) throws IOException {
      in.skipBytes(8); // magic, versions
      int count = in.readUnsignedShort();
      utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7, 8, 16, 19, 20 -> in.skipBytes(2);
          case 15 -> in.skipBytes(3);
          case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
          case 5, 6 -> {
            in.skipBytes(8);
            i++;
          }
          default -> throw new IOException("constant pool tag " + tag);
        }
      }
      in.skipBytes(6); // access, this, super
      in.skipBytes(2 * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int i = 0; i < fields; i++) {
        in.skipBytes(6);
        skipAttributes(in);
      }
      int methods = in.readUnsignedShort();
      for (int i = 0; i < methods; i++) {
        in.skipBytes(2);
        String name = utf8[in.readUnsignedShort()];
        in.skipBytes(2);
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
          String attribute = utf8[in.readUnsignedShort()];
          int length = in.readInt();
          if (attribute.equals("Code")) {
            code(name, in);
          } else {
            in.skipBytes(length);
          }
        }
      }
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("SourceFile")) {
          sourceFile = utf8[in.readUnsignedShort()];
        } else {
          in.skipBytes(length);
        }
      }
    }

    private void code(String method, DataInputStream in) throws IOException {
      in.skipBytes(4); // max stack, max locals
      int code = in.readInt();
      codeLengths.merge(method, code, Math::max);
      in.skipBytes(code);
      in.skipBytes(8 * in.readUnsignedShort()); // exception table
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        String attribute = utf8[in.readUnsignedShort()];
        int length = in.readInt();
        if (attribute.equals("LineNumberTable")) {
          int entries = in.readUnsignedShort();
          for (int e = 0; e < entries; e++) {
            in.skipBytes(2); // start pc
            lines.computeIfAbsent(method, m -> new java.util.ArrayList<>()).add(in.readUnsignedShort());
          }
        } else {
          in.skipBytes(length);
        }
      }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
      int attributes = in.readUnsignedShort();
      for (int a = 0; a < attributes; a++) {
        in.skipBytes(2);
        in.skipBytes(in.readInt());
      }
    }
  }
}
