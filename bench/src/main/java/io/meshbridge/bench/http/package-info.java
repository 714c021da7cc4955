/** The proxy benchmark's open-loop HTTP/1.1 load generator and its result tables. */
@NullMarked
package io.meshbridge.bench.http;

import org.jspecify.annotations.NullMarked;
