package io.meshbridge.proxy.dataplane.http;

/**
 * User event telling a downstream connection that its listener is going away: close when idle, else
 * finish the request in flight with {@code Connection: close}.
 */
public enum DrainEvent {
  INSTANCE
}
