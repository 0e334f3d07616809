/**
 * The differential test's machinery: {@link dev.yieldfrom.processor.diff.BodyGenerator} writes
 * random structured template bodies, {@link dev.yieldfrom.processor.diff.Harness} runs each
 * through the state machine the processor generated and through {@link
 * dev.yieldfrom.runtime.ReferenceMode} (the template itself, as javac compiled it) with the same
 * driver script, and {@link dev.yieldfrom.processor.diff.Trace} records what each did.
 *
 * <p>Run it alone, with more bodies or another seed:
 *
 * <pre>
 * mvn -B -pl annotations,runtime,processor verify -Dtest=DifferentialTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dyieldfrom.diff.bodies=20000 -Dyieldfrom.diff.seed=42
 * </pre>
 *
 * Other properties: {@code yieldfrom.diff.scripts} (driver scripts per body, default 3), {@code
 * yieldfrom.diff.class} (only that class of the seed's sequence: what a failure message names),
 * {@code yieldfrom.diff.threads}, {@code yieldfrom.diff.dump=DIR} (writes the generated template
 * sources), and {@code yieldfrom.diff.features} to switch construct families on or off, e.g.
 * {@code -Dyieldfrom.diff.features=+SIBLING_NAMES,+THROWING_CLEANUP}.
 *
 * <p>A family that is off by default is off because of an open bug, with a minimal body in
 * {@code DifferentialRegressionTest} (whose state machine test is disabled until the bug is
 * fixed): today {@code CLOSING_INNER_DELEGATES} (a runtime bug). When it is fixed, remove its
 * test's {@code @Disabled} and turn the family on in {@link
 * dev.yieldfrom.processor.diff.Feature}. The other families' bugs are fixed; their regression
 * tests stay.
 *
 * <p>What the comparison leaves out: reference mode marks what it cannot model (a close unwinding
 * through a callee template that then suspends, delegates or returns, see {@link
 * dev.yieldfrom.runtime.ReferenceMode}); such a run is compared only up to that close, and the
 * summary line counts them.
 *
 * <p>The generated bodies also avoid a javac crash (JDK 17 to 25): {@code x += (switch (..) {
 * case 1 -> { try { .. } catch (..) { } yield ..; } .. }) * 0.5;} makes javac throw a
 * NullPointerException in {@code Gen.visitSwitchExpression}, with or without the processor.
 */
package dev.yieldfrom.processor.diff;
