package dev.yieldfrom.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The driver changes made for the loop: a caught exception stays caught across a return. */
class GenDriverTest {
  @Test
  void aFrameThatCatchesAnExceptionAndReturnsGivesItsCallerOnlyTheValue() {
    List<String> trace = new ArrayList<>();
    Co<String> inner =
        new Co<>() {
          @Override
          protected Object resume(Object sent, Throwable thrown) {
            if (state == 0) {
              state = 1;
              return "suspended";
            }
            trace.add("inner caught " + thrown.getMessage());
            return returnValue("recovered");
          }
        };
    Co<String> outer =
        new Co<>() {
          @Override
          protected Object resume(Object sent, Throwable thrown) throws Throwable {
            if (state == 0) {
              state = 1;
              return delegate(inner);
            }
            if (thrown != null) {
              trace.add("outer saw " + thrown.getMessage());
              throw thrown;
            }
            trace.add("outer got " + sent);
            return returnValue(sent);
          }
        };
    assertEquals("suspended", outer.send(null));
    StopIteration done =
        org.junit.jupiter.api.Assertions.assertThrows(
            StopIteration.class, () -> outer.throwInto(new IllegalStateException("boom")));
    assertEquals("recovered", done.value());
    assertEquals(List.of("inner caught boom", "outer got recovered"), trace);
  }

  @Test
  void awaitingSomethingThatIsNotAwaitableFailsInTheFrame() {
    Co<Object> bad =
        new Co<>() {
          @Override
          protected Object resume(Object sent, Throwable thrown) throws Throwable {
            if (state == 0) {
              state = 1;
              return delegate("a string");
            }
            throw thrown;
          }
        };
    IllegalArgumentException failure =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, bad::next);
    assertEquals(
        "yieldFrom needs a Gen, Co, Future or CompletionStage, got java.lang.String",
        failure.getMessage());
  }
}
