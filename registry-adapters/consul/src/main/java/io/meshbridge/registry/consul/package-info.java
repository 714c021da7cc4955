/**
 * The Consul registry adapter: watches Consul's health API with blocking queries and publishes
 * passing instances as mesh endpoints ({@link io.meshbridge.registry.consul.ConsulRegistry}), and
 * registers a VM workload with the local Consul agent under a TTL check ({@link
 * io.meshbridge.registry.consul.ConsulRegistrar}).
 */
@NullMarked
package io.meshbridge.registry.consul;

import org.jspecify.annotations.NullMarked;
