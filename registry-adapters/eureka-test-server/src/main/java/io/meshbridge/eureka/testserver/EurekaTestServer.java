package io.meshbridge.eureka.testserver;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.netflix.eureka.server.EnableEurekaServer;

/**
 * A stock Spring Cloud Netflix Eureka server for tests: nothing is customized beyond {@code
 * application.properties} and the command line ({@code --server.port=N}).
 *
 * <p>It exits when its standard input reaches end of file, so that a server forked by a test JVM
 * never outlives it, even when that JVM is killed.
 */
@SpringBootApplication
@EnableEurekaServer
public class EurekaTestServer {

  public static void main(String[] args) {
    Thread watchdog = new Thread(EurekaTestServer::exitWhenParentGoes, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    SpringApplication.run(EurekaTestServer.class, args);
  }

  private static void exitWhenParentGoes() {
    try (InputStream in = System.in) {
      while (in.read() >= 0) {
        // Drain: only the end of the stream matters.
      }
    } catch (IOException e) {
      System.err.println("eureka-test-server: reading stdin failed, exiting: " + e);
    }
    System.exit(0);
  }
}
