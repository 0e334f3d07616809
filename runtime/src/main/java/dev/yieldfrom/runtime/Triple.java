package dev.yieldfrom.runtime;

/**
 * The results of three awaitables of different types, from {@link Async#gatherTriple(Gen, Gen, Gen)}.
 *
 * @param first the first awaitable's result
 * @param second the second awaitable's result
 * @param third the third awaitable's result
 */
public record Triple<A, B, C>(A first, B second, C third) {}
