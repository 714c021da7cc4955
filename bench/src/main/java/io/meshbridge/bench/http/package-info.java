@NullMarked
package io.meshbridge.bench.http;

import org.jspecify.annotations.NullMarked;
