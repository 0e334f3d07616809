package dev.yieldfrom.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.sun.jdi.AbsentInformationException;
import com.sun.jdi.Bootstrap;
import com.sun.jdi.IntegerValue;
import com.sun.jdi.LocalVariable;
import com.sun.jdi.Location;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.StackFrame;
import com.sun.jdi.Value;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.Connector;
import com.sun.jdi.connect.LaunchingConnector;
import com.sun.jdi.event.BreakpointEvent;
import com.sun.jdi.event.ClassPrepareEvent;
import com.sun.jdi.event.Event;
import com.sun.jdi.event.EventSet;
import com.sun.jdi.event.StepEvent;
import com.sun.jdi.event.VMDeathEvent;
import com.sun.jdi.event.VMDisconnectEvent;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;
import com.sun.jdi.request.StepRequest;
import dev.yieldfrom.processor.testing.DiskCompilation;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A debugger finds a coroutine's code from the template's file, as an IDE looks for it: a program
 * compiled with the processor runs under JDI; breakpoints are set by file and line in the classes
 * named {@code Shop} and {@code Shop$*} as they load; the stop must be at that line of
 * {@code Shop.java}, show the body's locals by their names, and one "step over" must land on the
 * next line of the template.
 */
class DebuggerTest {
  private static final String SHOP =
      """
      package dbg;

      import static dev.yieldfrom.runtime.Yield.*;

      import dev.yieldfrom.Coroutine;
      import dev.yieldfrom.runtime.Async;
      import dev.yieldfrom.runtime.Co;
      import dev.yieldfrom.runtime.EventLoop;

      public class Shop {
        @Coroutine
        static Co<Integer> price(int item) {
          yieldFrom(Async.sleep(0));
          return done(10 + item);
        }

        @Coroutine
        static Co<Integer> total(int count) {
          int sum = 0;
          for (int i = 0; i < count; i++) {
            int price = yieldFrom(price(i));
            int taxed = price * 2; // BREAK
            sum += taxed; // NEXT
          }
          return done(sum);
        }

        public static void main(String[] args) {
          try (EventLoop loop = EventLoop.create()) {
            System.out.println("total " + loop.runUntilComplete(ShopCoroutines.total(2)));
          }
        }
      }
      """;

  /** The whole session, however slow the machine: launching a JVM on a loaded one takes seconds. */
  private static final long DEADLINE_SECONDS = 100;

  @Test
  @Timeout(value = 150, unit = TimeUnit.SECONDS)
  void breakpointInACoroutineBodyStopsThereWithItsLocalsAndStepsToTheNextLine(@TempDir Path dir)
      throws Exception {
    DiskCompilation compilation = DiskCompilation.compile(dir, List.of("-g"), SHOP);
    assertWithMessage("%s", compilation.diagnostics()).that(compilation.succeeded()).isTrue();
    int breakLine = lineOf("// BREAK");
    int nextLine = lineOf("// NEXT");

    VirtualMachine vm = launch("dbg.Shop", compilation.classes());
    try {
      drain(vm.process().getInputStream());
      drain(vm.process().getErrorStream());
      EventRequestManager requests = vm.eventRequestManager();
      // As an IDE does for a breakpoint in Shop.java: the class of the file, and its "inner" ones.
      for (String filter : List.of("dbg.Shop", "dbg.Shop$*")) {
        ClassPrepareRequest prepare = requests.createClassPrepareRequest();
        prepare.addClassFilter(filter);
        prepare.setSuspendPolicy(EventRequest.SUSPEND_ALL);
        prepare.enable();
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
      Map<String, Object> stop = null;
      Location stepped = null;
      int breakpoints = 0;
      vm.resume();
      while (stepped == null) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        assertWithMessage("no stop within %s s", DEADLINE_SECONDS).that(left).isGreaterThan(0L);
        EventSet events = vm.eventQueue().remove(left);
        if (events == null) {
          continue;
        }
        boolean resume = true;
        for (Event event : events) {
          if (event instanceof ClassPrepareEvent prepared) {
            breakpoints += setBreakpoints(requests, prepared.referenceType(), breakLine);
          } else if (event instanceof BreakpointEvent hit && stop == null) {
            assertThat(breakpoints).isGreaterThan(0);
            stop = describe(hit.thread().frame(0));
            hit.request().disable();
            StepRequest step =
                requests.createStepRequest(hit.thread(), StepRequest.STEP_LINE, StepRequest.STEP_OVER);
            step.addCountFilter(1);
            step.setSuspendPolicy(EventRequest.SUSPEND_ALL);
            step.enable();
          } else if (event instanceof StepEvent step) {
            stepped = step.location();
            resume = false;
          } else if (event instanceof VMDeathEvent || event instanceof VMDisconnectEvent) {
            throw new AssertionError(
                "the program ended before " + (stop == null ? "the breakpoint" : "the step"));
          }
        }
        if (resume) {
          events.resume();
        }
      }
      assertThat(stop)
          .containsExactly(
              "line", breakLine,
              "source", "Shop.java",
              "price", 10,
              "sum", 0,
              "i", 0)
          .inOrder();
      assertThat(stepped.lineNumber()).isEqualTo(nextLine);
      assertThat(stepped.sourceName()).isEqualTo("Shop.java");
    } finally {
      try {
        vm.exit(0);
      } catch (RuntimeException alreadyGone) {
        // the program ended on its own
      }
      vm.process().destroyForcibly();
    }
  }

  private static VirtualMachine launch(String main, Path classes) throws Exception {
    LaunchingConnector connector = Bootstrap.virtualMachineManager().defaultConnector();
    Map<String, Connector.Argument> arguments = connector.defaultArguments();
    arguments.get("main").setValue(main);
    arguments
        .get("options")
        .setValue("-cp " + classes + File.pathSeparator + System.getProperty("java.class.path"));
    return connector.launch(arguments);
  }

  /** Breakpoints at {@code line} of every location the class has there, as an IDE sets them. */
  private static int setBreakpoints(EventRequestManager requests, ReferenceType type, int line) {
    List<Location> locations;
    try {
      if (!type.sourceName().equals("Shop.java")) {
        return 0;
      }
      locations = type.locationsOfLine(line);
    } catch (AbsentInformationException noLines) {
      return 0;
    }
    for (Location location : locations) {
      BreakpointRequest breakpoint = requests.createBreakpointRequest(location);
      breakpoint.setSuspendPolicy(EventRequest.SUSPEND_ALL);
      breakpoint.enable();
    }
    return locations.size();
  }

  /**
   * Where the frame is and the locals a debugger's variables view shows, by the names the body
   * gave them: {@code price} is used in one state only, {@code sum} and {@code i} live across
   * the suspension.
   */
  private static Map<String, Object> describe(StackFrame frame) throws AbsentInformationException {
    Map<String, Object> seen = new LinkedHashMap<>();
    seen.put("line", frame.location().lineNumber());
    seen.put("source", frame.location().sourceName());
    for (String name : List.of("price", "sum", "i")) {
      LocalVariable local = frame.visibleVariableByName(name);
      Value value = local == null ? null : frame.getValue(local);
      seen.put(name, value instanceof IntegerValue integer ? integer.value() : String.valueOf(value));
    }
    return seen;
  }

  private static int lineOf(String marker) {
    String[] lines = SHOP.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError(marker);
  }

  /** The program's output must be read, or it blocks once a pipe buffer is full. */
  private static void drain(InputStream stream) {
    Thread reader =
        new Thread(
            () -> {
              try {
                stream.transferTo(java.io.OutputStream.nullOutputStream());
              } catch (java.io.IOException closed) {
                // the program ended
              }
            },
            "debuggee-output");
    reader.setDaemon(true);
    reader.start();
  }
}
