package io.meshbridge.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.security.Security;
import org.junit.jupiter.api.Test;

class DnsCacheTest {

  @Test
  void turnsTheJdkCacheOffUnlessTheOperatorSetATtl() {
    assumeThat(Security.getProperty(DnsCache.TTL)).as("no TTL in this JVM's java.security").isNull();
    System.setProperty(DnsCache.TTL_SYSTEM_PROPERTY, "3");
    try {
      DnsCache.off();
      assertThat(Security.getProperty(DnsCache.TTL)).as("-Dsun.net.inetaddr.ttl wins").isNull();
    } finally {
      System.clearProperty(DnsCache.TTL_SYSTEM_PROPERTY);
    }

    DnsCache.off();
    assertThat(Security.getProperty(DnsCache.TTL)).isEqualTo("0");

    Security.setProperty(DnsCache.TTL, "7");
    DnsCache.off();
    assertThat(Security.getProperty(DnsCache.TTL)).as("an operator's TTL is kept").isEqualTo("7");
    Security.setProperty(DnsCache.TTL, "0"); // what main() leaves, for the other tests here
  }
}
