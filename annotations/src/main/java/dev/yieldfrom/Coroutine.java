package dev.yieldfrom;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method whose body is a coroutine template.
 *
 * <p>The yieldfrom annotation processor reads the body and generates, in a companion class named
 * {@code <EnclosingClass>Coroutines}, a factory with the same parameters that returns a new, not yet
 * started state machine. The template itself is never meant to be called: its suspension helpers
 * ({@code Yield.yieldFrom}, {@code Yield.yieldValue}) fail when run outside the generated code.
 *
 * <p>The method must return {@code dev.yieldfrom.runtime.Co<R>} (an asyncio-style coroutine) or
 * {@code dev.yieldfrom.runtime.Gen<Y, S, R>} (a generator yielding Y, accepting S, returning R), and
 * must end every path with {@code return done(value)}.
 *
 * <p>Class retention, so that coroutines in libraries compiled earlier are still recognised when a
 * body delegates to them.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Coroutine {}
