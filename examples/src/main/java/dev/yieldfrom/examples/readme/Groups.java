package dev.yieldfrom.examples.readme;

import static dev.yieldfrom.runtime.Async.gatherPair;
import static dev.yieldfrom.runtime.Async.sleep;
import static dev.yieldfrom.runtime.Async.withTaskGroup;
import static dev.yieldfrom.runtime.Yield.done;
import static dev.yieldfrom.runtime.Yield.yieldFrom;

import dev.yieldfrom.Coroutine;
import dev.yieldfrom.runtime.Co;
import dev.yieldfrom.runtime.Pair;
import dev.yieldfrom.runtime.Task;
import java.util.ArrayList;
import java.util.List;

/** README's task group and typed gather: the body of a group is a lambda that starts tasks. */
public class Groups {
  @Coroutine
  static Co<Integer> count(String shelf, double seconds) {
    yieldFrom(sleep(seconds));
    return done(shelf.length());
  }

  @Coroutine
  static Co<String> owner(String shelf) {
    yieldFrom(sleep(0.1));
    return done("owner of " + shelf);
  }

  @Coroutine
  static Co<String> inventory() {
    List<Task<Integer>> counts = new ArrayList<>();
    yieldFrom(
        withTaskGroup(
            group -> {
              counts.add(group.createTask(count("books", 0.3)));
              counts.add(group.createTask(count("games", 0.1)));
            }));
    // The group is done: every task in it has finished.
    Pair<Integer, String> both = yieldFrom(gatherPair(count("maps", 0.2), owner("maps")));
    return done(counts.get(0).result() + counts.get(1).result() + " items; maps: " + both.first()
        + ", " + both.second());
  }
}
