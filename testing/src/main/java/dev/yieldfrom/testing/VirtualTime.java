package dev.yieldfrom.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the class (or the annotated test) a fresh virtual-time {@code EventLoop} as
 * a parameter, and fails the test if it leaves a task pending or an exception unretrieved: see
 * {@link VirtualTimeExtension}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(VirtualTimeExtension.class)
public @interface VirtualTime {}
