package io.meshbridge.pilot.config;

import io.meshbridge.pilot.PilotConfiguration;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import io.meshbridge.pilot.istio.IstioConfigRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;

/** Reports each repeated registry id as {@code registries[i].id}, naming the first use. */
public final class UniqueRegistryIdsValidator
    implements ConstraintValidator<UniqueRegistryIds, PilotConfiguration> {

  @Override
  public boolean isValid(PilotConfiguration config, ConstraintValidatorContext context) {
    List<RegistryFactory> registries = config.registries();
    Map<String, Integer> firstIndex = new HashMap<>();
    boolean valid = true;
    context.disableDefaultConstraintViolation();
    for (int i = 0; i < registries.size(); i++) {
      RegistryFactory registry = registries.get(i);
      if (registry == null) {
        continue; // reported by @NotNull
      }
      String id = registry.id();
      if (id.equals(IstioConfigRegistry.ID) && config.policy().configured()) {
        valid = false;
        context
            .buildConstraintViolationWithTemplate(
                "'" + IstioConfigRegistry.ID + "' is reserved for the registry of the Istio"
                    + " ServiceEntries pilot reads when policy is configured (expected: another id)")
            .addPropertyNode("registries")
            .addPropertyNode("id")
            .inIterable()
            .atIndex(i)
            .addConstraintViolation();
        continue;
      }
      Integer first = firstIndex.putIfAbsent(id, i);
      if (first != null) {
        valid = false;
        // Values go in as parameters, never into the template, so ids are not interpolated.
        context
            .unwrap(HibernateConstraintValidatorContext.class)
            .addMessageParameter("id", id)
            .addMessageParameter("first", first)
            .buildConstraintViolationWithTemplate(
                "'{id}' is already the id of registries[{first}] (expected: unique ids)")
            .addPropertyNode("registries")
            .addPropertyNode("id")
            .inIterable()
            .atIndex(i)
            .addConstraintViolation();
      }
    }
    return valid;
  }
}
