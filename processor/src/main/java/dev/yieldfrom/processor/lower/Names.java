package dev.yieldfrom.processor.lower;

import dev.yieldfrom.processor.model.RuntimeNames;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Hands out the names of the resume method: each body local gets a name unique in the whole
 * body (sibling blocks may reuse a name in Java, but both may become fields), and nothing may
 * take the names of the machinery.
 */
final class Names {
  static final String SENT = RuntimeNames.SENT;
  static final String THROWN = RuntimeNames.THROWN;
  static final String SELF = RuntimeNames.SELF;
  /** The label of the resume method's loop: a jump is {@code continue resume;}. */
  static final String LOOP = RuntimeNames.RESUME;
  /** The state field as generated code assigns it. */
  static final String STATE = "this." + RuntimeNames.STATE;
  static final String CAUGHT = "$caught";

  private final Set<String> taken =
      new HashSet<>(Set.of(RuntimeNames.STATE, SENT, THROWN, SELF, LOOP, CAUGHT, "$e"));
  private int temporaries;

  /** Names declared in code that is copied: lowered locals must not take them (no shadowing). */
  void reserve(String name) {
    taken.add(name);
  }

  String local(String wanted) {
    String name = wanted;
    for (int n = 2; taken.contains(name) || SourceVersion.isKeyword(name); n++) {
      name = wanted + "_" + n;
    }
    taken.add(name);
    return name;
  }

  /** A name for the lowering's own state, such as a finally's completion record: $next1. */
  String synthetic(String prefix) {
    String name;
    int n = 1;
    do {
      name = "$" + prefix + n++;
    } while (taken.contains(name));
    taken.add(name);
    return name;
  }

  String temporary() {
    String name;
    do {
      name = "$t" + ++temporaries;
    } while (taken.contains(name));
    taken.add(name);
    return name;
  }
}
