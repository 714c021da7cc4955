/** Process CPU time and memory from /proc, and a reader of JFR CPU samples. */
@NullMarked
package io.meshbridge.bench.proc;

import org.jspecify.annotations.NullMarked;
