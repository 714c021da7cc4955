package io.meshbridge.pilot.policy.kubernetes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicyResource;
import io.meshbridge.pilot.policy.Rejection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Istio resources watched in a Kubernetes API server: one fabric8 informer per kind (and per
 * namespace when namespaces are given). Each object is parsed like a document of a file, its
 * source {@code kubernetes:<namespace>/<name>}; an object whose new version is rejected keeps its
 * last good version applied, as a file's resources do.
 *
 * <p>{@link #start} and {@link #close} may come from any thread; {@link #read} from one
 * serializing executor (pilot's). Informers retry failures forever with fabric8's backoff.
 */
public final class KubernetesPolicySource implements AutoCloseable {

  private static final Logger logger = LoggerFactory.getLogger(KubernetesPolicySource.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final List<String> namespaces;
  private final String version;
  // Guards `informers` and `closed`: start and close may come from different threads; no I/O is
  // done under it (informers start asynchronously).
  private final Object lock = new Object();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private boolean closed;
  // Touched only by read(), on one serializing executor.
  private final Map<String, PolicyResource> lastGood = new HashMap<>();

  /**
   * @param namespaces the namespaces to watch; empty = all
   * @param version the API version to watch the kinds at, one of {@link IstioKinds#VERSIONS}
   * @param ownsClient whether {@link #close} closes the client
   */
  public KubernetesPolicySource(
      KubernetesClient client, List<String> namespaces, String version, boolean ownsClient) {
    this.client = requireNonNull(client, "client");
    this.namespaces = List.copyOf(new java.util.LinkedHashSet<>(namespaces)); // one informer each
    this.version = requireNonNull(version, "version");
    this.ownsClient = ownsClient;
    if (!IstioKinds.VERSIONS.contains(version)) {
      throw new IllegalArgumentException(
          "version: '" + version + "' (expected one of: " + IstioKinds.VERSIONS + ")");
    }
  }

  /** Starts the informers; {@code onChange} runs (on fabric8's threads) after every event. */
  public void start(Runnable onChange) {
    requireNonNull(onChange, "onChange");
    synchronized (lock) {
      if (closed || !informers.isEmpty()) {
        return;
      }
      for (ResourceDefinitionContext kind : IstioKinds.contexts(version)) {
        for (@Nullable String ns : namespaces.isEmpty() ? allNamespaces() : namespaces) {
          informers.add(informer(kind, ns, onChange));
        }
      }
    }
  }

  private static List<@Nullable String> allNamespaces() {
    List<@Nullable String> all = new ArrayList<>();
    all.add(null);
    return all;
  }

  private SharedIndexInformer<GenericKubernetesResource> informer(
      ResourceDefinitionContext kind, @Nullable String ns, Runnable onChange) {
    var resources = client.genericKubernetesResources(kind);
    SharedIndexInformer<GenericKubernetesResource> informer =
        (ns == null ? resources.inAnyNamespace() : resources.inNamespace(ns)).runnableInformer(0);
    String what = kind.getPlural() + "." + kind.getGroup() + "/" + kind.getVersion()
        + (ns == null ? " in all namespaces" : " in " + ns);
    informer.addEventHandler(
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource obj) {
            onChange.run();
          }

          @Override
          public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            onChange.run();
          }

          @Override
          public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            onChange.run();
          }
        });
    informer.exceptionHandler(
        (started, t) -> {
          logger.warn("policy source kubernetes: watch {} failed, retrying: {}", what, t.toString());
          return true;
        });
    informer.start().thenRun(onChange);
    return informer;
  }

  /** Whether every informer has listed its objects once. */
  public boolean synced() {
    synchronized (lock) {
      return !informers.isEmpty() && informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }
  }

  /** The resources of every object now, and the rejections; see the class comment. */
  public PolicyParser.Result read() {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    synchronized (lock) {
      informers.forEach(i -> objects.addAll(i.getStore().list()));
    }
    List<PolicyResource> resources = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    Map<String, PolicyResource> good = new HashMap<>();
    for (GenericKubernetesResource object : objects) {
      String key = object.getKind() + " " + object.getMetadata().getNamespace() + "/"
          + object.getMetadata().getName();
      String source = "kubernetes:" + object.getMetadata().getNamespace() + "/"
          + object.getMetadata().getName();
      PolicyParser.Result parsed = PolicyParser.parse(JSON.<JsonNode>valueToTree(object), source);
      if (!parsed.resources().isEmpty()) {
        resources.addAll(parsed.resources());
        good.put(key, parsed.resources().get(0));
        continue;
      }
      PolicyResource old = lastGood.get(key);
      for (Rejection r : parsed.rejections()) {
        rejections.add(
            old == null
                ? r
                : new Rejection(r.kind(), r.name(), r.source(),
                    r.reason() + "; the last good version stays applied"));
      }
      if (old != null) {
        resources.add(old);
        good.put(key, old);
      }
    }
    lastGood.clear();
    lastGood.putAll(good);
    return new PolicyParser.Result(resources, rejections);
  }

  /** Stops the informers (and the client, if owned). Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (SharedIndexInformer<GenericKubernetesResource> informer : informers) {
        try {
          informer.stop();
        } catch (RuntimeException e) {
          logger.warn("policy source kubernetes: stopping an informer failed", e);
        }
      }
      informers.clear();
    }
    if (ownsClient) {
      client.close();
    }
  }
}
