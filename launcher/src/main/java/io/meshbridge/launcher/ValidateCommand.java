package io.meshbridge.launcher;

import io.meshbridge.pilot.policy.InvalidPolicyFileException;
import io.meshbridge.pilot.policy.PolicyParser;
import io.meshbridge.pilot.policy.PolicyResource;
import io.meshbridge.pilot.policy.PolicySet;
import io.meshbridge.pilot.policy.Rejection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meshbridge validate -f FILE...}: checks Istio files (VirtualService, DestinationRule,
 * ServiceEntry, WorkloadEntry, WorkloadGroup, PeerAuthentication, AuthorizationPolicy) as pilot
 * would, without a registry: structure,
 * regexes, weights, and subsets among the given files.
 * Prints each rejection; exit code 1 if there is any.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Check Istio VirtualService, DestinationRule, ServiceEntry, WorkloadEntry, WorkloadGroup,"
            + " PeerAuthentication and AuthorizationPolicy files; exit 1 if any is rejected.")
final class ValidateCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "YAML files, each with one or more documents separated by ---.")
  List<Path> files = new ArrayList<>();

  @Override
  public Integer call() {
    List<PolicyResource> resources = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    for (Path file : files) {
      String name = file.toString();
      if (!Files.isRegularFile(file)) {
        throw new UsageError("--file: " + name + " does not exist");
      }
      try {
        PolicyParser.Result r = PolicyParser.parse(name, Files.readString(file, StandardCharsets.UTF_8));
        resources.addAll(r.resources());
        rejections.addAll(r.rejections());
      } catch (InvalidPolicyFileException e) {
        rejections.add(new Rejection("file", "", name, e.getMessage()));
      } catch (IOException e) {
        rejections.add(new Rejection("file", "", name, "cannot read: " + e));
      }
    }
    PolicySet set = PolicySet.of(resources, rejections);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    set.rejections().forEach(r -> err.println(r));
    out.println(
        (set.virtualServices().size() + set.destinationRules().size()
                + set.serviceEntries().size() + set.workloadEntries().size()
                + set.workloadGroups().size() + set.peerAuthentications().size()
                + set.authorizationPolicies().size())
            + " accepted, "
            + set.rejections().size()
            + " rejected");
    return set.rejections().isEmpty() ? 0 : 1;
  }
}
