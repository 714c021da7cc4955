package io.meshbridge.pilot.config;

import io.meshbridge.pilot.PilotConfiguration;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** Checks {@link ValidServiceMapping}; values go in as message parameters, never templates. */
public final class ValidServiceMappingValidator
    implements ConstraintValidator<ValidServiceMapping, PilotConfiguration> {

  @Override
  public boolean isValid(PilotConfiguration config, ConstraintValidatorContext context) {
    Set<String> ids =
        config.registries().stream()
            .filter(Objects::nonNull)
            .map(RegistryFactory::id)
            .collect(Collectors.toSet());
    List<MeshServiceFactory> services = config.services();
    Map<String, String> mappedAt = new HashMap<>();
    boolean valid = true;
    context.disableDefaultConstraintViolation();
    for (int i = 0; i < services.size(); i++) {
      MeshServiceFactory mesh = services.get(i);
      if (mesh == null) {
        continue; // reported by @NotNull
      }
      List<MeshServiceFactory.Source> from = mesh.from();
      for (int j = 0; j < from.size(); j++) {
        MeshServiceFactory.Source source = from.get(j);
        if (source == null || source.registry().isEmpty()) {
          continue; // reported by @NotNull / @NotEmpty
        }
        String at = "services[" + i + "].from[" + j + "]";
        if (!ids.contains(source.registry())) {
          valid = false;
          violation(
              context,
              i,
              j,
              "registry",
              "'{value}' is not a declared registry id",
              source.registry(),
              "");
          continue;
        }
        // A malformed service is reported by its @Pattern; comparing the text needs no parsing.
        String first = mappedAt.putIfAbsent(source.registry() + " " + source.serviceText(), at);
        if (first != null) {
          valid = false;
          violation(
              context,
              i,
              j,
              "service",
              "'{value}' of registry '{other}' is already mapped at " + first,
              source.serviceText(),
              source.registry());
        }
      }
    }
    return valid;
  }

  private static void violation(
      ConstraintValidatorContext context,
      int i,
      int j,
      String field,
      String template,
      String value,
      String other) {
    context
        .unwrap(HibernateConstraintValidatorContext.class)
        .addMessageParameter("value", value)
        .addMessageParameter("other", other)
        .buildConstraintViolationWithTemplate(template)
        .addPropertyNode("services")
        .addPropertyNode("from")
        .inIterable()
        .atIndex(i)
        .addPropertyNode(field)
        .inIterable()
        .atIndex(j)
        .addConstraintViolation();
  }
}
