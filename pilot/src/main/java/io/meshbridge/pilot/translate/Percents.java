package io.meshbridge.pilot.translate;

import io.envoyproxy.envoy.type.v3.FractionalPercent;

/** Istio's {@code Percent} (0..100, a double) as Envoy's {@link FractionalPercent}, as Istio does. */
final class Percents {

  /** Per million: {@code value × 10000}, rounded. */
  static FractionalPercent of(double percent) {
    return FractionalPercent.newBuilder()
        .setNumerator((int) Math.round(percent * 10_000))
        .setDenominator(FractionalPercent.DenominatorType.MILLION)
        .build();
  }

  /** 100 %, as {@code 100/HUNDRED}. */
  static FractionalPercent all() {
    return FractionalPercent.newBuilder().setNumerator(100).build();
  }

  private Percents() {}
}
