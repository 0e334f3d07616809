@file:JvmName("KotlinPeers")

package dev.yieldfrom.bench.kotlin

import java.util.function.LongSupplier
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

// The Kotlin coroutine peers of the yieldfrom benchmarks, written as a Kotlin user writes them:
// generators with the standard library's sequence {} builder, tasks with kotlinx.coroutines on
// runBlocking's single-thread event loop. The JMH benchmarks (Java) call these functions.

/** Yields 0, 1, 2, ... forever, as Templates.counter() does. */
fun counter(): Iterator<Int> = counterSequence().iterator()

private fun counterSequence(): Sequence<Int> = sequence {
  var i = 0
  while (true) {
    yield(i)
    i++
  }
}

/**
 * The counter under [depth] nested sequences, each delegating with yieldAll: the Kotlin spelling
 * of a yieldFrom chain of generators (each next() passes through every level).
 */
fun yieldAllChain(depth: Int): Iterator<Int> = yieldAllSequence(depth).iterator()

private fun yieldAllSequence(depth: Int): Sequence<Int> = sequence {
  if (depth <= 1) yieldAll(counterSequence()) else yieldAll(yieldAllSequence(depth - 1))
}

/**
 * The counter at the bottom of [depth] nested suspend calls inside one sequence: the other Kotlin
 * spelling, where a resume goes straight to the innermost continuation.
 */
fun suspendChain(depth: Int): Iterator<Int> = iterator { countBelow(depth) }

private suspend fun SequenceScope<Int>.countBelow(depth: Int): Int {
  if (depth <= 1) {
    var i = 0
    while (true) {
      yield(i)
      i++
    }
  }
  // Not a tail call, so every level keeps its continuation frame (as a yieldFrom chain does).
  return countBelow(depth - 1) + 1
}

/** [tasks] coroutines on one thread, each giving the loop back [switches] times. */
fun taskSwitches(tasks: Int, switches: Int) = runBlocking {
  val jobs = ArrayList<Job>(tasks)
  repeat(tasks) { jobs.add(launch { repeat(switches) { yield() } }) }
  for (job in jobs) job.join()
}

/** The async-runtimes memory benchmark: [n] coroutines each sleeping [millis], joined in turn. */
fun sleepers(n: Int, millis: Long): Int = runBlocking {
  val jobs = ArrayList<Job>(n)
  repeat(n) { jobs.add(launch { delay(millis) }) }
  for (job in jobs) job.join()
  jobs.size
}

/**
 * Heap retained per sleeping coroutine: [n] jobs in delay() on runBlocking's loop, measured with
 * [usedAfterGc] before they start and once all are asleep.
 */
fun sleepingJobBytes(n: Int, usedAfterGc: LongSupplier): Double = runBlocking {
  val jobs = ArrayList<Job>(n)
  launch { delay(1) }.join() // warms the loop's own delay queue
  val before = usedAfterGc.asLong
  repeat(n) { jobs.add(launch { delay(3_600_000) }) }
  yield() // every job runs to its delay
  val after = usedAfterGc.asLong
  for (job in jobs) job.cancel()
  (after - before).toDouble() / n
}
