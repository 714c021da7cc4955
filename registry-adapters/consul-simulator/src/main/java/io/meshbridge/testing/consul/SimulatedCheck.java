package io.meshbridge.testing.consul;

import java.util.concurrent.TimeUnit;

/**
 * One health check in the simulated catalog: a node's {@code serfHealth}, or a service check
 * registered through the agent (TTL, HTTP, TCP) or by a test. Mutable; guarded by the {@link
 * Catalog}'s lock.
 */
final class SimulatedCheck {

  /** Consul's floor for {@code DeregisterCriticalServiceAfter}: lower values are raised to it. */
  static final long MIN_DEREGISTER_AFTER_NANOS = TimeUnit.MINUTES.toNanos(1);

  final String node;
  final String checkId;
  final String name;

  /** Empty for a node check. */
  final String serviceId;

  final String serviceName;

  /** {@code ttl}, {@code http}, {@code tcp}, or empty (node checks and test checks). */
  final String type;

  final long ttlNanos;
  final String http;
  final String tcp;
  final String interval;
  final String timeout;

  /** 0 when not set; otherwise at least {@link #MIN_DEREGISTER_AFTER_NANOS}. */
  final long deregisterAfterNanos;

  final String deregisterAfterText;
  final String notes;
  final long createIndex;

  CheckStatus status;
  String output;
  long modifyIndex;
  long lastTtlUpdateNanos;
  boolean ttlExpired;
  long criticalSinceNanos;

  SimulatedCheck(Definition d, String node, long nowNanos, long index) {
    this.node = node;
    this.checkId = d.checkId;
    this.name = d.name;
    this.serviceId = d.serviceId;
    this.serviceName = d.serviceName;
    this.type = d.type;
    this.ttlNanos = d.ttlNanos;
    this.http = d.http;
    this.tcp = d.tcp;
    this.interval = d.interval;
    this.timeout = d.timeout;
    this.deregisterAfterNanos =
        d.deregisterAfterNanos == 0
            ? 0
            : Math.max(d.deregisterAfterNanos, MIN_DEREGISTER_AFTER_NANOS);
    this.deregisterAfterText = d.deregisterAfterText;
    this.notes = d.notes;
    this.createIndex = index;
    this.modifyIndex = index;
    this.status = d.status;
    this.output = d.output;
    this.lastTtlUpdateNanos = nowNanos;
    this.criticalSinceNanos = d.status == CheckStatus.CRITICAL ? nowNanos : 0;
  }

  /**
   * Sets status and output as of {@code atNanos}; returns whether anything changed (the agent only
   * syncs a check to the catalog when it did, so an unchanged TTL pass wakes no blocking query).
   */
  boolean update(CheckStatus newStatus, String newOutput, long atNanos) {
    if (newStatus == status && newOutput.equals(output)) {
      return false;
    }
    if (newStatus == CheckStatus.CRITICAL && status != CheckStatus.CRITICAL) {
      criticalSinceNanos = atNanos;
    }
    status = newStatus;
    output = newOutput;
    return true;
  }

  boolean isTtl() {
    return type.equals("ttl");
  }

  /** What a check registration asks for, before it has a node and an index. */
  static final class Definition {
    String checkId = "";
    String name = "";
    String serviceId = "";
    String serviceName = "";
    String type = "";
    long ttlNanos;
    String http = "";
    String tcp = "";
    String interval = "";
    String timeout = "";
    long deregisterAfterNanos;
    String deregisterAfterText = "";
    String notes = "";
    CheckStatus status = CheckStatus.CRITICAL;
    String output = "";
  }
}
