package io.meshbridge.agent.dns;

import io.meshbridge.model.ServiceKey;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Which questions are the mesh's ({@code <name>.<namespace>.mesh.}) and their answer: the outbound
 * listeners' bind address, an A record for an IPv4 bind address (AAAA for IPv6); any other type
 * of a mesh name is answered with no records.
 */
final class MeshAnswers {

  private final InetAddress outbound;
  private final long ttlSeconds;

  MeshAnswers(InetAddress outbound, long ttlSeconds) {
    this.outbound = outbound;
    this.ttlSeconds = ttlSeconds;
  }

  static boolean isMeshName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    String[] labels = n.split("\\.", -1);
    if (labels.length != 3 || !labels[2].equals(ServiceKey.MESH_DOMAIN)) {
      return false;
    }
    try {
      ServiceKey.of(labels[1], labels[0]);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The record for a mesh question, or empty when its type has none (e.g. AAAA for IPv4). */
  Optional<DnsRecord> answer(DnsQuestion question) {
    DnsRecordType wanted = outbound instanceof Inet4Address ? DnsRecordType.A : DnsRecordType.AAAA;
    if (question.type() != wanted) {
      return Optional.empty();
    }
    return Optional.of(new DefaultDnsRawRecord(question.name(), wanted, ttlSeconds,
        Unpooled.wrappedBuffer(outbound.getAddress())));
  }
}
