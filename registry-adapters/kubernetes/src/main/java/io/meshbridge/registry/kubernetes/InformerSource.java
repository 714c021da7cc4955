package io.meshbridge.registry.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8 informers on Services (with the label selector), EndpointSlices and Pods in each selected
 * namespace (or all), and on Nodes for their topology labels. Informers retry every failure forever
 * with fabric8's backoff, except a Node watch that is forbidden, which is given up (endpoint
 * regions are then left empty).
 */
final class InformerSource implements ClusterSource {

  private static final Logger logger = LoggerFactory.getLogger(InformerSource.class);
  private static final String NODES = "nodes";

  private final KubernetesClient client;
  private final KubernetesRegistryConfig config;
  // The instance lock guards informers: start and close come from the caller's thread,
  // notWatching from the registry's. No I/O happens under it (informers start asynchronously).
  private final Map<String, SharedIndexInformer<? extends HasMetadata>> informers =
      new LinkedHashMap<>();
  // Written by fabric8's threads (exception handler), read under the lock.
  private final Set<String> givenUp = ConcurrentHashMap.newKeySet();

  InformerSource(KubernetesClient client, KubernetesRegistryConfig config) {
    this.client = client;
    this.config = config;
  }

  @Override
  public Set<String> watches() {
    Set<String> names = new TreeSet<>();
    for (String ns : namespaces()) {
      names.add(name("services", ns));
      names.add(name("endpointslices", ns));
      names.add(name("pods", ns));
    }
    names.add(NODES);
    return names;
  }

  @Override
  public synchronized void start(Sink sink) {
    long resync = config.resyncPeriod().toMillis();
    for (String ns : namespaces()) {
      add(
          name("services", ns),
          sink,
          ns,
          n -> {
            var services =
                n == null ? client.services().inAnyNamespace() : client.services().inNamespace(n);
            return config.labelSelector().isBlank()
                ? services.runnableInformer(resync)
                : services.withLabelSelector(config.labelSelector()).runnableInformer(resync);
          });
      add(
          name("endpointslices", ns),
          sink,
          ns,
          n -> {
            var slices = client.discovery().v1().endpointSlices();
            return (n == null ? slices.inAnyNamespace() : slices.inNamespace(n))
                .runnableInformer(resync);
          });
      add(
          name("pods", ns),
          sink,
          ns,
          n ->
              (n == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(n))
                  .runnableInformer(resync));
    }
    add(NODES, sink, null, n -> client.nodes().runnableInformer(resync));
  }

  private void add(
      String name,
      Sink sink,
      @Nullable String namespace,
      Function<@Nullable String, SharedIndexInformer<? extends HasMetadata>> create) {
    SharedIndexInformer<? extends HasMetadata> informer = create.apply(namespace);
    informer.addEventHandler(new Handler(name, sink));
    informer.exceptionHandler(
        (started, t) -> {
          if (name.equals(NODES) && isForbidden(t)) {
            givenUp.add(name);
            sink.unavailable(
                name,
                "forbidden ("
                    + t.getMessage()
                    + "); endpoint regions and sub-zones are left empty");
            return false;
          }
          logger.warn(
              "kubernetes registry {}: watch {} failed, retrying: {}",
              config.id(),
              name,
              t.toString());
          return true;
        });
    informers.put(name, informer);
    informer.start();
  }

  @Override
  public synchronized Set<String> notWatching() {
    Set<String> down = new TreeSet<>();
    informers.forEach(
        (name, informer) -> {
          if (!givenUp.contains(name) && !informer.isWatching()) {
            down.add(name);
          }
        });
    return down;
  }

  @Override
  public synchronized void close() {
    List<RuntimeException> failures = new ArrayList<>();
    informers
        .values()
        .forEach(
            informer -> {
              try {
                informer.stop();
              } catch (RuntimeException e) {
                failures.add(e);
              }
            });
    informers.clear();
    failures.forEach(
        e -> logger.warn("kubernetes registry {}: stopping an informer failed", config.id(), e));
  }

  private List<@Nullable String> namespaces() {
    List<@Nullable String> result = new ArrayList<>();
    if (config.allNamespaces()) {
      result.add(null);
    } else {
      result.addAll(config.namespaces());
    }
    return result;
  }

  private static String name(String kind, @Nullable String namespace) {
    return kind + (namespace == null ? " in all namespaces" : " in " + namespace);
  }

  private static boolean isForbidden(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof KubernetesClientException k
          && k.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return true;
      }
    }
    return false;
  }

  /** Hands every informer event to the sink. */
  private static final class Handler implements ResourceEventHandler<HasMetadata> {
    private final String name;
    private final Sink sink;

    Handler(String name, Sink sink) {
      this.name = name;
      this.sink = sink;
    }

    @Override
    public void onAdd(HasMetadata obj) {
      sink.upsert(obj);
    }

    @Override
    public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
      sink.upsert(newObj);
    }

    @Override
    public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
      sink.delete(obj);
    }

    @Override
    public void onList(String resourceVersion, boolean remainedEmpty) {
      sink.listed(name);
    }
  }
}
