@NullMarked
package io.meshbridge.bench.pilot;

import org.jspecify.annotations.NullMarked;
