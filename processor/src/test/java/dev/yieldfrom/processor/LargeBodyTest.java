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
          static Gen<Integer, Integer, Integer> small() {
            int got = yieldValue(1) == null ? 1 : 2;
            return done(got);
          }
        }
        """
        .formatted(body);
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
    Map<String, Integer> big = codeLengths(compiled, "lb.LargeCoroutinesImpl$Big");
    assertThat(big.keySet()).contains("resume$1");
    for (Map.Entry<String, Integer> method : big.entrySet()) {
      assertWithMessage(method.getKey()).that(method.getValue()).isLessThan(8_000);
    }
    Map<String, Integer> small = codeLengths(compiled, "lb.LargeCoroutinesImpl$Small");
    assertThat(small.keySet().stream().filter(m -> m.startsWith("resume"))).containsExactly("resume");
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

  /** The length of the bytecode of each method of a compiled class, read from its class file. */
  private static Map<String, Integer> codeLengths(Compiled compiled, String binaryName)
      throws IOException {
    String path = "/" + binaryName.replace('.', '/') + ".class";
    for (JavaFileObject file : compiled.compilation().generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS && file.toUri().getPath().endsWith(path)) {
        try (InputStream in = file.openInputStream()) {
          return codeLengths(in.readAllBytes());
        }
      }
    }
    throw new AssertionError("no class " + binaryName);
  }

  private static Map<String, Integer> codeLengths(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.skipBytes(8); // magic, versions
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
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
    Map<String, Integer> lengths = new LinkedHashMap<>();
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
          in.skipBytes(4); // max stack, max locals
          int code = in.readInt();
          lengths.merge(name, code, Math::max);
          in.skipBytes(length - 8);
        } else {
          in.skipBytes(length);
        }
      }
    }
    return lengths;
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.skipBytes(2);
      in.skipBytes(in.readInt());
    }
  }
}
