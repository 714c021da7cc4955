@NullMarked
package io.meshbridge.bench.proc;

import org.jspecify.annotations.NullMarked;
