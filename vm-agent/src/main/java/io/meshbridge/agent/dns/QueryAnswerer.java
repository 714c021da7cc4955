package io.meshbridge.agent.dns;

import io.netty.channel.AddressedEnvelope;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsOptPseudoRecord;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one query into a response (UDP or TCP, the caller's): mesh names from {@link
 * MeshAnswers}, everything else by asking the upstream resolvers and copying their answer. Never
 * blocks; the response is sent from the resolver's event loop when forwarded.
 */
final class QueryAnswerer {

  private static final Logger logger = LoggerFactory.getLogger(QueryAnswerer.class);

  private final MeshAnswers mesh;
  private final DnsNameResolver upstream;

  QueryAnswerer(MeshAnswers mesh, DnsNameResolver upstream) {
    this.mesh = mesh;
    this.upstream = upstream;
  }

  void answer(DnsQuery query, DnsResponse response, Consumer<DnsResponse> send) {
    DnsQuestion question = query.recordAt(DnsSection.QUESTION);
    response.setRecursionDesired(query.isRecursionDesired()).setRecursionAvailable(true);
    if (question == null) {
      send.accept(response.setCode(DnsResponseCode.FORMERR));
      return;
    }
    DnsQuestion copy = new DefaultDnsQuestion(question.name(), question.type(), question.dnsClass());
    response.addRecord(DnsSection.QUESTION, copy);
    if (MeshAnswers.isMeshName(question.name())) {
      mesh.answer(copy).ifPresent(r -> response.addRecord(DnsSection.ANSWER, r));
      send.accept(response.setAuthoritativeAnswer(true));
      return;
    }
    upstream.query(copy).addListener((Future<AddressedEnvelope<DnsResponse, InetSocketAddress>> f) -> {
      if (!f.isSuccess()) {
        logger.debug("forwarding {} failed", copy.name(), f.cause());
        send.accept(response.setCode(DnsResponseCode.SERVFAIL));
        return;
      }
      AddressedEnvelope<DnsResponse, InetSocketAddress> envelope = f.getNow();
      try {
        DnsResponse from = envelope.content();
        response.setCode(from.code());
        for (DnsSection section :
            new DnsSection[] {DnsSection.ANSWER, DnsSection.AUTHORITY, DnsSection.ADDITIONAL}) {
          for (int i = 0; i < from.count(section); i++) {
            DnsRecord r = from.recordAt(section, i);
            if (r instanceof DnsOptPseudoRecord) {
              continue;
            }
            response.addRecord(section, r instanceof DnsRawRecord raw ? raw.retainedDuplicate() : r);
          }
        }
      } finally {
        envelope.release();
      }
      send.accept(response);
    });
  }
}
