package io.meshbridge.pilot.xds;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.controlplane.cache.Resources.ApiVersion;
import io.envoyproxy.controlplane.server.serializer.ProtoResourcesSerializer;
import java.util.concurrent.ExecutionException;

/**
 * Packs each resource into its {@link Any} once, however many streams it is sent on.
 *
 * <p>java-control-plane's default packs every resource again for every stream and every push: with
 * 2000 proxies, one push of 10,000 endpoints serialized the same 1.1 MB 2000 times, and the garbage
 * kept pilot's GC busier than anything else (see BENCHMARKS.md). Keys are weak and compared by
 * identity: a packed resource lives exactly as long as the snapshot resource it was made from, and
 * a lookup never hashes a message's content.
 *
 * <p>The Any is kept in its serialized form (parsed back from its bytes), see {@link
 * SharingDiscoveryServer}.
 */
final class PackOnceSerializer implements ProtoResourcesSerializer {

  private final Cache<Message, Any> packed = CacheBuilder.newBuilder().weakKeys().build();

  @Override
  public Any serialize(Message resource, ApiVersion apiVersion) {
    try {
      return packed.get(resource, () -> serializedForm(Any.pack(resource)));
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "packing " + resource.getDescriptorForType().getFullName() + ": " + e.getCause(), e);
    }
  }

  /**
   * The Any parsed back from its bytes, so that its type URL is held as bytes and every stream that
   * writes it copies them rather than encoding the string again.
   */
  private static Any serializedForm(Any any) throws InvalidProtocolBufferException {
    return Any.parseFrom(any.toByteString());
  }
}
