/**
 * HTTP/2 without TLS (h2c): downstream connections by prior knowledge or detected by the preface,
 * each stream a child channel running the same per-request handler as HTTP/1.1.
 */
@NullMarked
package io.meshbridge.proxy.dataplane.h2;

import org.jspecify.annotations.NullMarked;
