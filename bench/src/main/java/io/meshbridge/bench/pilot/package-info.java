/** The pilot benchmark: pilot in its own JVM, simulated xDS proxies, churn and convergence. */
@NullMarked
package io.meshbridge.bench.pilot;

import org.jspecify.annotations.NullMarked;
