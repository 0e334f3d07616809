package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * A piece of generated Java whose final text is not known while the body is lowered: state
 * numbers ({@link Label}) are assigned, and locals ({@link LocalVar}) are found to be lifted to
 * fields or not, only once the whole body has been emitted. Parts: String text, TypeName (so
 * JavaPoet manages imports), Label, LocalVar, and the indentation markers.
 */
final class Code {
  static final Object INDENT = new Object();
  static final Object UNINDENT = new Object();

  private final List<Object> parts = new ArrayList<>();

  static Code of(Object... parts) {
    Code code = new Code();
    for (Object part : parts) {
      code.add(part);
    }
    return code;
  }

  Code add(Object part) {
    if (part instanceof Code code) {
      parts.addAll(code.parts);
    } else if (part instanceof String s) {
      if (!s.isEmpty()) {
        parts.add(s);
      }
    } else if (part != null) {
      parts.add(part);
    }
    return this;
  }

  List<Object> parts() {
    return parts;
  }

  boolean isEmpty() {
    return parts.isEmpty();
  }

  /** The text, if this code is plain text only. */
  String plainText() {
    StringBuilder s = new StringBuilder();
    for (Object part : parts) {
      if (!(part instanceof String text)) {
        return null;
      }
      s.append(text);
    }
    return s.toString();
  }

  CodeBlock render() {
    CodeBlock.Builder block = CodeBlock.builder();
    for (Object part : parts) {
      if (part instanceof String s) {
        block.add("$L", s);
      } else if (part instanceof TypeName t) {
        block.add("$T", t);
      } else if (part instanceof Label label) {
        block.add("$L", label.state());
      } else if (part instanceof LocalVar local) {
        block.add("$L", local.name());
      } else if (part instanceof Capture capture) {
        block.add("$L", capture.local().isLifted() ? capture.name() : capture.local().name());
      } else if (part instanceof Capture.Snapshot snapshot) {
        Capture capture = snapshot.capture();
        if (capture.local().isLifted()) {
          block.add("final var $L = $L;", capture.name(), capture.local().name());
        }
      } else if (part == INDENT) {
        block.add("$>");
      } else if (part == UNINDENT) {
        block.add("$<");
      } else {
        throw new IllegalStateException("unknown code part " + part);
      }
    }
    return block.build();
  }
}
