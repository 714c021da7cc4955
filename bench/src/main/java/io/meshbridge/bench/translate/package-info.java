@NullMarked
package io.meshbridge.bench.translate;

import org.jspecify.annotations.NullMarked;
