/**
 * An in-process simulator of Consul's HTTP API, for tests: the catalog and health endpoints with
 * blocking queries, the agent's service and check endpoints, ACL tokens, and test hooks for
 * outages, index resets and malformed entries. It follows Consul's documented HTTP API; see the
 * module README for what it covers and what it does not.
 */
@NullMarked
package io.meshbridge.testing.consul;

import org.jspecify.annotations.NullMarked;
