package dev.yieldfrom.processor.lower;

/**
 * Decides, once the body is listed, which locals become fields of the state machine: a local
 * named in more than one state lives across a suspension or a jump, so it cannot stay a Java local
 * of one {@code case} block (regenerator's hoisting, Roslyn's capture walker). Parameters and the
 * lowering's temporaries are fields whatever their use.
 */
final class Liveness {
  private Liveness() {}

  static void run(Listing listing) {
    listing.forEachUse(LocalVar::usedIn);
  }
}
