/** JMH benchmarks of pilot's translator. */
@NullMarked
package io.meshbridge.bench.translate;

import org.jspecify.annotations.NullMarked;
