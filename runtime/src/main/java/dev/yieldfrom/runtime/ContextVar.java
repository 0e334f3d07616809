package dev.yieldfrom.runtime;

import java.util.Objects;

/**
 * A task-local variable, as Python's {@code contextvars.ContextVar}: each task sees the values
 * that were current when it was created, and what it sets stays its own. Callbacks scheduled with
 * {@link EventLoop#callSoon}, {@link EventLoop#callLater} or as done callbacks run with the values
 * current when they were scheduled; executor jobs started with {@link EventLoop#runInExecutor}
 * run with the values of the task that started them.
 *
 * <pre>{@code
 * static final ContextVar<String> REQUEST_ID = new ContextVar<>("request_id");
 *
 * @Coroutine
 * static Co<Void> handle(String id) {
 *   ContextVar.Token<String> token = REQUEST_ID.set(id);
 *   try {
 *     yieldFrom(work()); // work(), and the tasks it creates, see REQUEST_ID.get() == id
 *   } finally {
 *     REQUEST_ID.reset(token);
 *   }
 *   return done();
 * }
 * }</pre>
 *
 * <p>Create context variables once, as constants: a variable is its own key. Outside any task or
 * callback, values belong to the thread. Until the first {@link #set} in the JVM, tasks and
 * callbacks carry nothing for context variables.
 */
public final class ContextVar<T> {
  private final String name;
  private final T defaultValue;
  private final boolean hasDefault;

  /** A variable with no default: {@link #get()} raises until it is set. */
  public ContextVar(String name) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = null;
    this.hasDefault = false;
  }

  /** A variable whose {@link #get()} gives {@code defaultValue} (may be null) until it is set. */
  public ContextVar(String name, T defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.defaultValue = defaultValue;
    this.hasDefault = true;
  }

  public String name() {
    return name;
  }

  /**
   * The value in the current context, else the default.
   *
   * @throws java.util.NoSuchElementException if neither is there (Python's LookupError)
   */
  public T get() {
    Object value = Context.lookup(Context.currentVars(), this);
    if (value != Context.MISSING) {
      return cast(value);
    }
    if (hasDefault) {
      return defaultValue;
    }
    throw new java.util.NoSuchElementException("ContextVar " + name + " has no value");
  }

  /** The value in the current context, else {@code fallback} (ignoring the default). */
  public T get(T fallback) {
    Object value = Context.lookup(Context.currentVars(), this);
    return value != Context.MISSING ? cast(value) : fallback;
  }

  /**
   * Sets the value in the current context (the running task's, the running callback's, or the
   * thread's), and returns a token to {@link #reset} it with.
   */
  public Token<T> set(T value) {
    ContextValues owner = Context.currentOwner();
    Object vars = owner.vars();
    Token<T> token = new Token<>(this, Context.lookup(vars, this), owner);
    owner.setVars(Context.with(vars, this, value));
    return token;
  }

  /**
   * Restores the value the variable had before the {@link #set} that returned {@code token}.
   *
   * @throws IllegalArgumentException if the token is another variable's, or was made in another
   *     context (another task, callback or thread): asyncio's ValueError
   * @throws IllegalStateException if the token was used already: asyncio's RuntimeError
   */
  public void reset(Token<T> token) {
    if (token.variable != this) {
      throw new IllegalArgumentException(token + " was created by a different ContextVar");
    }
    ContextValues owner = Context.currentOwner();
    if (!token.owner.isSameContext(owner)) {
      throw new IllegalArgumentException(token + " was created in a different Context");
    }
    if (token.used) {
      throw new IllegalStateException(token + " has already been used once");
    }
    token.used = true;
    Object vars = owner.vars();
    owner.setVars(
        token.oldValue == Context.MISSING
            ? Context.without(vars, this)
            : Context.with(vars, this, token.oldValue));
  }

  @SuppressWarnings("unchecked")
  private T cast(Object value) {
    return (T) value;
  }

  @Override
  public String toString() {
    return "ContextVar<" + name + (hasDefault ? " default=" + defaultValue : "") + ">";
  }

  /** What {@link #set} returns, to undo it with {@link #reset}; usable once. */
  public static final class Token<T> {
    private final ContextVar<T> variable;
    private final Object oldValue;
    private final ContextValues owner;
    private boolean used;

    private Token(ContextVar<T> variable, Object oldValue, ContextValues owner) {
      this.variable = variable;
      this.oldValue = oldValue;
      this.owner = owner;
    }

    public ContextVar<T> variable() {
      return variable;
    }

    /** Whether the variable had a value before the set (else a reset removes it again). */
    public boolean hadValue() {
      return oldValue != Context.MISSING;
    }

    @Override
    public String toString() {
      return "Token<" + variable.name + (used ? " used" : "") + ">";
    }
  }
}
