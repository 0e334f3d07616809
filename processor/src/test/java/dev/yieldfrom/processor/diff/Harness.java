package dev.yieldfrom.processor.diff;

import dev.yieldfrom.runtime.Gen;
import dev.yieldfrom.runtime.GeneratorExit;
import dev.yieldfrom.runtime.ReferenceMode;
import dev.yieldfrom.runtime.StopIteration;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs one random body both ways, through its generated state machine and through {@link
 * ReferenceMode}, with the same driver script, and records what each did.
 */
public final class Harness {
  private Harness() {}

  /** The two ways to create method {@code mN} of a compiled class. */
  public static final class Entry {
    private final MethodHandle template;
    private final MethodHandle factory;

    public Entry(ClassLoader loader, String className, int index) {
      this(loader, className, "m" + index, true);
    }

    /**
     * The template {@code className.method(Trace, int)}, and its factory in {@code
     * classNameCoroutines} if {@code withFactory}.
     */
    public Entry(ClassLoader loader, String className, String method, boolean withFactory) {
      try {
        MethodType type = MethodType.methodType(Gen.class, Trace.class, int.class);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> owner = loader.loadClass(className);
        this.isInstance =
            !java.lang.reflect.Modifier.isStatic(
                owner.getMethod(method, Trace.class, int.class).getModifiers());
        this.receiverType = owner;
        if (isInstance) {
          this.template = lookup.findVirtual(owner, method, type);
          this.factory =
              withFactory
                  ? lookup.findStatic(
                      loader.loadClass(className + "Coroutines"),
                      method,
                      MethodType.methodType(Gen.class, owner, Trace.class, int.class))
                  : null;
        } else {
          this.template = lookup.findStatic(owner, method, type);
          this.factory =
              withFactory
                  ? lookup.findStatic(loader.loadClass(className + "Coroutines"), method, type)
                  : null;
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot find " + method + " of " + className, e);
      }
    }

    private final boolean isInstance;
    private final Class<?> receiverType;

    /** The handle with a fresh receiver bound, for an instance method. */
    private MethodHandle bound(MethodHandle handle) {
      if (!isInstance) {
        return handle;
      }
      try {
        return handle.bindTo(receiverType.getConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot create a receiver", e);
      }
    }

    @SuppressWarnings("unchecked")
    public Gen<Integer, Integer, Integer> stateMachine(Trace trace, int p) {
      try {
        return (Gen<Integer, Integer, Integer>) bound(factory).invoke(trace, p);
      } catch (Throwable e) {
        throw new AssertionError("the factory failed", e);
      }
    }

    @SuppressWarnings("unchecked")
    public Gen<Integer, Integer, Integer> reference(Trace trace, int p) {
      MethodHandle handle = bound(template);
      Supplier<Gen<Integer, Integer, Integer>> call =
          () -> {
            try {
              return (Gen<Integer, Integer, Integer>) handle.invoke(trace, p);
            } catch (Throwable e) {
              throw Harness.<RuntimeException>sneaky(e);
            }
          };
      return ReferenceMode.generator(call);
    }
  }

  /**
   * What one run did: the events, in order. {@code cut} is the number of leading events that are
   * comparable: all of them, unless reference mode could not model a later call ({@code
   * unmodeled} says why).
   */
  public record Run(List<String> events, int cut, String unmodeled, boolean leaked) {}

  /** Runs method {@code entry} as a state machine and in reference mode with script {@code seed}. */
  public static Run[] compare(Entry entry, long seed) {
    int p = new Random(seed).nextInt(8) - 2;
    Trace real = new Trace();
    drive(entry.stateMachine(real, p), real, seed);
    Trace ref = new Trace();
    Gen<Integer, Integer, Integer> reference = entry.reference(ref, p);
    int unmodeledAt = drive(reference, ref, seed);
    String unmodeled = ReferenceMode.unmodeled(reference);
    List<String> refEvents = ref.events();
    boolean leaked = false;
    if (!reference.isDone()) {
      leaked = !ReferenceMode.abandon(reference);
    }
    int cut = Math.min(unmodeledAt, refEvents.size());
    List<String> realEvents = real.events();
    return new Run[] {
      new Run(realEvents, cut, null, false), new Run(refEvents, cut, unmodeled, leaked)
    };
  }

  /**
   * The driver script: next, send, throwInto and close calls chosen by {@code seed} alone, until
   * the generator finishes or the script ends; then close() until it is done (at most three
   * times). Each call and its outcome is recorded in the trace between the body's events.
   */
  static int drive(Gen<Integer, Integer, Integer> gen, Trace trace, long seed) {
    int unmodeledAt = Integer.MAX_VALUE;
    Random random = new Random(seed ^ 0x5DEECE66DL);
    int ops = 4 + random.nextInt(50);
    for (int k = 0; k < ops && !gen.isDone(); k++) {
      int roll = random.nextInt(100);
      String op;
      Supplier<Integer> call;
      if (k == 0) {
        // Mostly next(); sometimes a send, throw or close before the generator has started.
        roll = roll < 6 ? 40 + roll * 12 : 0;
      }
      if (roll < 38) {
        op = "next";
        call = gen::next;
      } else if (roll < 88) {
        int value = random.nextInt(12) - 3;
        op = "send " + value;
        call = () -> gen.send(value);
      } else if (roll < 94) {
        String message = "drv" + k;
        op = "throw Boom " + message;
        call = () -> gen.throwInto(new Boom(message));
      } else if (roll < 96) {
        String message = "iae" + k;
        op = "throw IllegalArgumentException " + message;
        call = () -> gen.throwInto(new IllegalArgumentException(message));
      } else if (roll < 97) {
        op = "throw GeneratorExit";
        call = () -> gen.throwInto(new GeneratorExit());
      } else {
        op = "close";
        call =
            () -> {
              gen.close();
              return null;
            };
      }
      int at = trace.size();
      trace.record("> " + op);
      outcome(trace, call, op.equals("close"));
      if (unmodeledAt == Integer.MAX_VALUE && isUnmodeled(gen)) {
        unmodeledAt = at;
      }
    }
    for (int c = 0; c < 3 && !gen.isDone(); c++) {
      int at = trace.size();
      trace.record("> close");
      outcome(
          trace,
          () -> {
            gen.close();
            return null;
          },
          true);
      if (unmodeledAt == Integer.MAX_VALUE && isUnmodeled(gen)) {
        unmodeledAt = at;
      }
    }
    return unmodeledAt;
  }

  private static boolean isUnmodeled(Gen<?, ?, ?> gen) {
    try {
      return ReferenceMode.unmodeled(gen) != null;
    } catch (IllegalArgumentException stateMachine) {
      return false;
    }
  }

  /**
   * Runs the driver calls {@code ops} ("next", "send N", "throw Boom MESSAGE", "throw
   * IllegalArgumentException MESSAGE", "throw GeneratorExit", "close"), whether or not the
   * generator has finished, recording each and its outcome in {@code trace}; returns the events.
   */
  public static List<String> script(Gen<Integer, Integer, Integer> gen, Trace trace, String... ops) {
    for (String op : ops) {
      Supplier<Integer> call;
      if (op.equals("next")) {
        call = gen::next;
      } else if (op.startsWith("send ")) {
        int value = Integer.parseInt(op.substring(5));
        call = () -> gen.send(value);
      } else if (op.startsWith("throw Boom ")) {
        call = () -> gen.throwInto(new Boom(op.substring(11)));
      } else if (op.startsWith("throw IllegalArgumentException ")) {
        call = () -> gen.throwInto(new IllegalArgumentException(op.substring(31)));
      } else if (op.equals("throw GeneratorExit")) {
        call = () -> gen.throwInto(new GeneratorExit());
      } else if (op.equals("close")) {
        call =
            () -> {
              gen.close();
              return null;
            };
      } else {
        throw new IllegalArgumentException("unknown op " + op);
      }
      trace.record("> " + op);
      outcome(trace, call, op.equals("close"));
    }
    if (!gen.isDone() && isReference(gen)) {
      ReferenceMode.abandon(gen);
    }
    return trace.events();
  }

  private static boolean isReference(Gen<?, ?, ?> gen) {
    try {
      ReferenceMode.unmodeled(gen);
      return true;
    } catch (IllegalArgumentException stateMachine) {
      return false;
    }
  }

  private static void outcome(Trace trace, Supplier<Integer> call, boolean isClose) {
    try {
      Integer yielded = call.get();
      trace.record(isClose ? "< closed" : "< yield " + yielded);
    } catch (StopIteration stop) {
      trace.record("< return " + stop.value());
    } catch (Throwable failure) {
      trace.record("< raise " + describe(failure));
    }
  }

  /** Class, message, and suppressed exceptions. */
  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
    text.append(": ").append(failure.getMessage());
    Throwable[] suppressed = failure.getSuppressed();
    if (suppressed.length > 0) {
      List<String> parts = new ArrayList<>();
      for (Throwable s : suppressed) {
        parts.add(describe(s));
      }
      text.append(" suppressed ").append(parts);
    }
    return text.toString();
  }

  @SuppressWarnings("unchecked")
  static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
