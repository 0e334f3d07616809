package dev.yieldfrom.runtime;

/**
 * The results of two awaitables of different types, from {@link Async#gatherPair(Gen, Gen)}.
 *
 * @param first the first awaitable's result
 * @param second the second awaitable's result
 */
public record Pair<A, B>(A first, B second) {}
