/** The local DNS resolver: mesh names answered with the outbound address, the rest forwarded. */
@NullMarked
package io.meshbridge.agent.dns;

import org.jspecify.annotations.NullMarked;
