package dev.yieldfrom.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What the lowering hands to the writers: a coroutine body as a state machine, all of it data.
 * The resume method is a loop around a switch over {@link #states}; an exception thrown in a state
 * that {@link #handlers} names goes to its handler state, any other leaves the method.
 *
 * @param fields parameters first (in declaration order), then lifted locals and temporaries
 * @param mirrored the fields that resume also keeps as Java locals of the same name, for
 *     debuggers: read when it starts, written back before each suspension (empty where that
 *     would cost too much code)
 * @param states the states the resume method's switch has cases for, in order
 * @param handlers each handler state, ascending, with the states whose exceptions it handles
 * @param suspensionLines the template line where each resume state waits (state 0: the method's
 *     own line), for stack traces of awaiting coroutines
 */
public record StateMachine(
    List<Field> fields,
    List<Field> mirrored,
    List<State> states,
    SortedMap<Integer, List<Integer>> handlers,
    Map<Integer, Long> suspensionLines) {

  /** @param parameter the template parameter this field holds, or null for a lifted local */
  public record Field(String name, TypeName type, String parameter) {}

  /** One case of the resume method's switch: the statements run when it enters {@code id}. */
  public record State(int id, List<Step> steps) {}

  /** What a state is made of, in order. */
  public sealed interface Step permits Comment, Statement {}

  /**
   * The comment above the code of a template statement, naming its line(s) for the reader:
   * {@code // 12: text} or {@code // 12-14: text} ({@code text} without the slashes).
   */
  public record Comment(String text, Origin origin) implements Step {}

  /**
   * A statement of generated code and the template lines it comes from: all its lines come from
   * {@code origin.first()}, except text after a {@link Fragment.CopyStart}, whose lines come from
   * the template's line for line up to {@code origin.last()}.
   *
   * @param origin null for code before the body's first statement
   */
  public record Statement(Fragment code, Origin origin) implements Step {}

  /** Template lines {@code first} to {@code last} (equal for a lowered statement). */
  public record Origin(long first, long last) {}
}
