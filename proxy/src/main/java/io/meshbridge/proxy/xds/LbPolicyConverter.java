package io.meshbridge.proxy.xds;

import static io.meshbridge.proxy.xds.FieldChecker.at;
import static io.meshbridge.proxy.xds.FieldChecker.join;

import com.github.xds.type.v3.TypedStruct;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Value;
import com.google.protobuf.util.Durations;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.CommonLbConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster.RingHashLbConfig;
import io.envoyproxy.envoy.config.cluster.v3.LoadBalancingPolicy;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.meshbridge.proxy.config.ClusterConfig.LbPolicy;
import io.meshbridge.proxy.config.LbSettings;
import java.math.BigInteger;
import java.text.ParseException;
import java.time.Duration;

/**
 * A cluster's load balancing: {@code lb_policy} (ROUND_ROBIN, LEAST_REQUEST, RANDOM, RING_HASH,
 * MAGLEV) with {@code ring_hash_lb_config} / {@code maglev_lb_config}, {@code
 * common_lb_config.locality_weighted_lb_config}, and Meshbridge's PEAK_EWMA as {@code
 * load_balancing_policy} with a TypedStruct (docs/xds.md).
 */
final class LbPolicyConverter {

  /** The TypedStruct type URL of Meshbridge's peak-EWMA policy. */
  static final String PEAK_EWMA_TYPE = "type.meshbridge.io/meshbridge.lb.PeakEwma";

  private static final String TYPED_STRUCT = "type.googleapis.com/xds.type.v3.TypedStruct";

  private LbPolicyConverter() {}

  record Result(LbPolicy policy, LbSettings settings) {}

  static Result convert(Cluster cluster, FieldChecker check) throws InvalidResourceException {
    LbSettings settings = LbSettings.DEFAULTS;
    if (cluster.hasCommonLbConfig()) {
      CommonLbConfig common = cluster.getCommonLbConfig();
      check.onlySupported(
          common, "common_lb_config", "locality_weighted_lb_config", "healthy_panic_threshold");
      settings = settings.withLocalityWeighted(common.hasLocalityWeightedLbConfig());
      if (common.hasHealthyPanicThreshold()) {
        double percent = common.getHealthyPanicThreshold().getValue();
        if (!(percent >= 0 && percent <= 100)) {
          throw check.invalid("common_lb_config.healthy_panic_threshold.value",
              percent + " (expected: 0..100)");
        }
        settings = settings.withPanicThreshold(percent);
      }
    }
    if (cluster.hasLoadBalancingPolicy()) {
      if (cluster.getLbPolicy() != Cluster.LbPolicy.ROUND_ROBIN) {
        throw check.invalid(
            "lb_policy", cluster.getLbPolicy() + " together with load_balancing_policy "
                + "(expected: unset, the policy comes from load_balancing_policy)");
      }
      return new Result(LbPolicy.PEAK_EWMA, peakEwma(cluster.getLoadBalancingPolicy(), settings,
          check));
    }
    LbPolicy policy =
        switch (cluster.getLbPolicy()) {
          case ROUND_ROBIN -> LbPolicy.ROUND_ROBIN;
          case LEAST_REQUEST -> LbPolicy.LEAST_REQUEST;
          case RANDOM -> LbPolicy.RANDOM;
          case RING_HASH -> LbPolicy.RING_HASH;
          case MAGLEV -> LbPolicy.MAGLEV;
          default ->
              throw check.invalid(
                  "lb_policy",
                  cluster.getLbPolicy() + " is not supported (supported: ROUND_ROBIN, "
                      + "LEAST_REQUEST, RANDOM, RING_HASH, MAGLEV, or load_balancing_policy "
                      + "with " + PEAK_EWMA_TYPE + ")");
        };
    if (cluster.hasRingHashLbConfig()) {
      if (policy != LbPolicy.RING_HASH) {
        throw check.invalid("ring_hash_lb_config", "only for lb_policy RING_HASH");
      }
      settings = ring(cluster.getRingHashLbConfig(), settings, check);
    }
    if (cluster.hasMaglevLbConfig()) {
      if (policy != LbPolicy.MAGLEV) {
        throw check.invalid("maglev_lb_config", "only for lb_policy MAGLEV");
      }
      check.onlySupported(cluster.getMaglevLbConfig(), "maglev_lb_config", "table_size");
      long size = cluster.getMaglevLbConfig().getTableSize().getValue();
      if (size < 2 || size > 5_000_011 || !BigInteger.valueOf(size).isProbablePrime(30)) {
        throw check.invalid(
            "maglev_lb_config.table_size", size + " (expected: a prime up to 5000011)");
      }
      settings = new LbSettings(settings.minRingSize(), settings.maxRingSize(), (int) size,
          settings.ewmaDecay(), settings.localityWeighted(), settings.panicThreshold());
    }
    return new Result(policy, settings);
  }

  private static LbSettings ring(RingHashLbConfig ring, LbSettings settings, FieldChecker check)
      throws InvalidResourceException {
    check.onlySupported(
        ring, "ring_hash_lb_config", "minimum_ring_size", "maximum_ring_size", "hash_function");
    if (ring.getHashFunction() != RingHashLbConfig.HashFunction.XX_HASH) {
      throw check.invalid(
          "ring_hash_lb_config.hash_function",
          ring.getHashFunction() + " is not supported (supported: XX_HASH)");
    }
    long min = ring.hasMinimumRingSize() ? ring.getMinimumRingSize().getValue() : 1024;
    long max =
        ring.hasMaximumRingSize() ? ring.getMaximumRingSize().getValue() : LbSettings.MAX_RING_SIZE;
    if (max < 1 || max > LbSettings.MAX_RING_SIZE) {
      throw check.invalid("ring_hash_lb_config.maximum_ring_size",
          Long.toUnsignedString(max) + " (expected: 1.." + LbSettings.MAX_RING_SIZE + ")");
    }
    if (min < 1 || min > max) {
      throw check.invalid("ring_hash_lb_config.minimum_ring_size",
          Long.toUnsignedString(min) + " (expected: 1..maximum_ring_size " + max + ")");
    }
    return new LbSettings(min, max, settings.maglevTableSize(), settings.ewmaDecay(),
        settings.localityWeighted(), settings.panicThreshold());
  }

  /** The first policy this proxy knows, as Envoy picks; only PEAK_EWMA is known. */
  private static LbSettings peakEwma(
      LoadBalancingPolicy lbp, LbSettings settings, FieldChecker check)
      throws InvalidResourceException {
    check.onlySupported(lbp, "load_balancing_policy", "policies");
    for (int i = 0; i < lbp.getPoliciesCount(); i++) {
      String path = at("load_balancing_policy.policies", i);
      check.onlySupported(lbp.getPolicies(i), path, "typed_extension_config");
      TypedExtensionConfig ext = lbp.getPolicies(i).getTypedExtensionConfig();
      Any any = ext.getTypedConfig();
      if (!any.getTypeUrl().equals(TYPED_STRUCT)) {
        continue;
      }
      String configPath = join(path, "typed_extension_config.typed_config");
      TypedStruct struct;
      try {
        struct = any.unpack(TypedStruct.class);
      } catch (InvalidProtocolBufferException e) {
        throw check.invalid(configPath, "not a valid TypedStruct: " + e.getMessage());
      }
      if (!struct.getTypeUrl().equals(PEAK_EWMA_TYPE)) {
        continue;
      }
      return settings.withEwmaDecay(decay(struct, check, join(configPath, "value")));
    }
    throw check.invalid(
        "load_balancing_policy.policies",
        "no supported policy (supported: a TypedStruct of type_url " + PEAK_EWMA_TYPE + ")");
  }

  private static Duration decay(TypedStruct struct, FieldChecker check, String path)
      throws InvalidResourceException {
    Duration decay = LbSettings.DEFAULTS.ewmaDecay();
    for (var field : struct.getValue().getFieldsMap().entrySet()) {
      if (!field.getKey().equals("decay")) {
        throw check.invalid(join(path, field.getKey()), "not supported (supported: decay)");
      }
      Value v = field.getValue();
      try {
        com.google.protobuf.Duration d = Durations.parse(v.getStringValue());
        decay = ProtoDurations.positive(d).orElseThrow(() -> new ParseException("not > 0", 0));
      } catch (ParseException e) {
        throw check.invalid(
            join(path, "decay"), "'" + v.getStringValue() + "' (expected: a positive duration"
                + " string such as \"10s\")");
      }
    }
    return decay;
  }
}
