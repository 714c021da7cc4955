/**
 * The wire form of Istio's CA service, {@code istio.v1.auth.IstioCertificateService}: pilot's CA
 * serves it, the proxy's identity provider calls it.
 */
@NullMarked
package io.meshbridge.ca.api;

import org.jspecify.annotations.NullMarked;
