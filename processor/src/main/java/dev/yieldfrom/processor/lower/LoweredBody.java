package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * What the lowering hands to the emitter: the state machine's fields and its resume method body.
 *
 * @param fields parameters first (in declaration order), then lifted locals and temporaries
 * @param suspensionLines the template line where each resume state is suspended (state 0: the
 *     method's own line), for stack traces of awaiting coroutines
 */
public record LoweredBody(
    List<Field> fields, CodeBlock resumeBody, java.util.Map<Integer, Long> suspensionLines) {
  /** @param parameter the template parameter this field holds, or null for a lifted local */
  public record Field(String name, TypeName type, String parameter) {}
}
