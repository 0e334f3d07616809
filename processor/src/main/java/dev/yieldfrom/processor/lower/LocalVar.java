package dev.yieldfrom.processor.lower;

import com.palantir.javapoet.TypeName;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.type.TypeMirror;

/**
 * A local of the template body (or a parameter, or a temporary of the lowering). It becomes a
 * field of the state machine only if it is used in more than one state, i.e. lives across a
 * suspension or a jump; otherwise it stays a Java local inside its state's block.
 */
final class LocalVar {
  enum Kind {
    PARAMETER,
    LOCAL,
    TEMPORARY
  }

  private final String name;
  private final Kind kind;
  private final TypeName type;
  private final TypeMirror mirror;
  private final Set<Integer> states = new HashSet<>();

  LocalVar(String name, Kind kind, TypeName type, TypeMirror mirror) {
    this.name = name;
    this.kind = kind;
    this.type = type;
    this.mirror = mirror;
  }

  String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  TypeName type() {
    return type;
  }

  TypeMirror mirror() {
    return mirror;
  }

  void usedIn(int state) {
    states.add(state);
  }

  boolean isLifted() {
    return kind != Kind.LOCAL || states.size() > 1;
  }
}
