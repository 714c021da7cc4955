/**
 * {@code STRICT_DNS} clusters: their endpoints' host names resolved off the event loops, again
 * every refresh rate, and published to the data plane like EDS endpoints.
 */
@NullMarked
package io.meshbridge.proxy.dns;

import org.jspecify.annotations.NullMarked;
