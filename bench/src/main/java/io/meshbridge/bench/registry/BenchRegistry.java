package io.meshbridge.bench.registry;

/**
 * One registry under test: its server (started in this JVM, or forked), a client that writes to
 * it as the registry's own users would, and the {@code registries:} entry pilot needs to watch it.
 */
interface BenchRegistry extends AutoCloseable {

  /** What runs as the registry, for the report, e.g. "ZooKeeper 3.9 (curator-test TestingServer)". */
  String description();

  /** Starts the server. */
  void start();

  /** Writes every instance of {@code shape}. */
  void populate(Shape shape);

  /** Pilot's YAML list item for this registry ({@code  - type: ...}, indented 2). */
  String pilotYaml();

  /** Adds instance {@link Shape#EXTRA} of {@code service}; returns once the registry took it. */
  void addExtra(Shape shape, int service);

  /** Removes instance {@link Shape#EXTRA} of {@code service}; returns once the registry took it. */
  void removeExtra(Shape shape, int service);

  @Override
  void close();
}
