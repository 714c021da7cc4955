package io.meshbridge.registry.consul;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.async.ConsulResponseCallback;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;

/**
 * {@link ConsulReads} over consul-client's asynchronous catalog and health calls. consul-client
 * raises the HTTP read timeout of a request by its {@code wait} plus Consul's wait/16 stagger.
 */
final class KiwiConsulReads implements ConsulReads {

  private final Consul consul;

  KiwiConsulReads(Consul consul) {
    this.consul = consul;
  }

  @Override
  public void services(
      String datacenter, long index, Duration wait, Answer<Map<String, List<String>>> answer) {
    consul.catalogClient().getServices(options(datacenter, index, wait), callback(answer));
  }

  @Override
  public void passingInstances(
      String datacenter,
      String service,
      long index,
      Duration wait,
      Answer<List<ServiceHealth>> answer) {
    consul
        .healthClient()
        .getHealthyServiceInstances(service, options(datacenter, index, wait), callback(answer));
  }

  @Override
  public void close() {
    consul.destroy();
  }

  private static QueryOptions options(String datacenter, long index, Duration wait) {
    ImmutableQueryOptions.Builder options =
        QueryOptions.blockSeconds((int) wait.toSeconds(), BigInteger.valueOf(index));
    if (!datacenter.isEmpty()) {
      options.datacenter(datacenter);
    }
    return options.build();
  }

  private static <T> ConsulResponseCallback<T> callback(Answer<T> answer) {
    return new ConsulResponseCallback<>() {
      @Override
      public void onComplete(ConsulResponse<T> response) {
        BigInteger index = response.getIndex();
        long value =
            index == null ? 0 : index.bitLength() > 63 ? Long.MAX_VALUE : index.longValue();
        answer.onResult(response.getResponse(), value);
      }

      @Override
      public void onFailure(Throwable failure) {
        answer.onFailure(failure);
      }
    };
  }
}
